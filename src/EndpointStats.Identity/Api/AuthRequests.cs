using System.Text.Json.Serialization;

namespace EndpointStats.Identity.Api;

public sealed record RegisterRequest(string? Username, string? Email, string? Password);

/// <summary><c>username</c> may hold a username or an email; <c>email</c> is accepted too.</summary>
public sealed record LoginRequest(string? Username, string? Email, string? Password);

public sealed record RefreshRequest([property: JsonPropertyName("refresh_token")] string? RefreshToken);
