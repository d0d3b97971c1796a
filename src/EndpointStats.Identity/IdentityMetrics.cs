using System.Diagnostics.Metrics;

namespace EndpointStats.Identity;

/// <summary>The <c>EndpointStats.Identity</c> meter. Labels are outcomes only, never users or addresses.</summary>
public sealed class IdentityMetrics
{
    public const string MeterName = "EndpointStats.Identity";

    private readonly Counter<long> _logins;
    private readonly Counter<long> _registrations;
    private readonly Counter<long> _refreshes;

    public IdentityMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _logins = meter.CreateCounter<long>("identity.logins", "{login}", "Login attempts by outcome (success, failed, throttled).");
        _registrations = meter.CreateCounter<long>("identity.registrations", "{account}", "Accounts registered.");
        _refreshes = meter.CreateCounter<long>("identity.refreshes", "{refresh}", "Refresh-token uses by outcome (rotated, invalid, reused).");
    }

    public void Login(string outcome) => _logins.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Registered() => _registrations.Add(1);

    public void Refresh(string outcome) => _refreshes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
