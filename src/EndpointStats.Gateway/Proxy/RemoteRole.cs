using EndpointStats.Hosting.Roles;

namespace EndpointStats.Gateway.Proxy;

/// <summary>A role this process does not run, reached at <see cref="Url"/> (<c>Services:&lt;Role&gt;:Url</c>).</summary>
public sealed record RemoteRole(PlatformRole Role, Uri Url);
