namespace EndpointStats.Hosting.Migrations;

/// <summary>Where one module's schema stands against what this binary needs.</summary>
public sealed record SchemaStatus(string Module, int AppliedVersion, int LatestVersion)
{
    public bool IsOutdated => AppliedVersion < LatestVersion;

    public bool IsNewerThanBinary => AppliedVersion > LatestVersion;
}
