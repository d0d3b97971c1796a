namespace EndpointStats.Hosting.Security;

/// <summary>
/// The authorization policies every role knows. Attach one to a route group with
/// <c>group.RequireAuthorization(PlatformPolicies.Admin)</c>; routes without a policy are anonymous.
/// </summary>
public static class PlatformPolicies
{
    /// <summary>Any signed-in account (own profile, own images).</summary>
    public const string User = "user";

    /// <summary>Accounts with the <c>admin</c> role (user administration, rate-limit rules).</summary>
    public const string Admin = "admin";

    /// <summary>Analytics queries and cluster views: <see cref="Admin"/>, or anyone when <c>Security:AnonymousDashboards=true</c>.</summary>
    public const string Dashboard = "dashboard";
}
