namespace EndpointStats.Identity.Tests.Support;

/// <summary>A registered account as a test sees it: its credentials and its current tokens.</summary>
public sealed record Account(string Id, string Username, string Email, string Password, string Role, string AccessToken, string RefreshToken);
