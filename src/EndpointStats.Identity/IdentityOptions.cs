using System.ComponentModel.DataAnnotations;

namespace EndpointStats.Identity;

/// <summary>The <c>Identity</c> section (keys are read by every role through <c>SigningKeyOptions</c>).</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>PBKDF2-HMAC-SHA512 iterations (ASP.NET Core Identity's default is 100 000); raising it re-hashes on next login.</summary>
    [Range(10_000, 10_000_000)]
    public int PasswordHashIterations { get; set; } = 100_000;

    /// <summary>Login attempts allowed per account in <see cref="LoginWindow"/>.</summary>
    [Range(1, 100_000)]
    public int LoginAttemptsPerAccount { get; set; } = 5;

    /// <summary>Login attempts allowed per client IP in <see cref="LoginWindow"/> (an office behind one NAT logs in together).</summary>
    [Range(1, 1_000_000)]
    public int LoginAttemptsPerIp { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);
}
