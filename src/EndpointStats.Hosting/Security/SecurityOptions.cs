namespace EndpointStats.Hosting.Security;

/// <summary>The <c>Security</c> configuration section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Lets anonymous callers read analytics and cluster views (the <see cref="PlatformPolicies.Dashboard"/> policy).</summary>
    public bool AnonymousDashboards { get; set; }
}
