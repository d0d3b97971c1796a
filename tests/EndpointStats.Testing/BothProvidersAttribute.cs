using System.Reflection;
using EndpointStats.Hosting.Storage;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace EndpointStats.Testing;

/// <summary>Runs a theory once on SQLite and once on PostgreSQL: <c>[Theory, BothProviders]</c> with a <see cref="DatabaseProvider"/> parameter.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BothProvidersAttribute : DataAttribute
{
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        ValueTask.FromResult<IReadOnlyCollection<ITheoryDataRow>>(
        [
            new TheoryDataRow<DatabaseProvider>(DatabaseProvider.Sqlite),
            new TheoryDataRow<DatabaseProvider>(DatabaseProvider.Postgres),
        ]);

    public override bool SupportsDiscoveryEnumeration() => true;
}
