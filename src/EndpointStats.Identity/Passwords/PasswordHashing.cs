using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EndpointStats.Identity.Passwords;

/// <summary>
/// ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, V3 format). Unknown accounts are
/// verified against a throwaway hash made with the same parameters, so they take as long as a wrong password.
/// </summary>
public sealed class PasswordHashing
{
    private readonly PasswordHasher<object> _hasher;
    private readonly string _decoy;

    public PasswordHashing(IOptions<IdentityOptions> options)
    {
        Iterations = options.Value.PasswordHashIterations;
        _hasher = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = Iterations,
        }));
        _decoy = _hasher.HashPassword(this, Guid.NewGuid().ToString());
    }

    public int Iterations { get; }

    public string Hash(string password) => _hasher.HashPassword(this, password);

    public PasswordCheck Verify(string? hash, string password) =>
        _hasher.VerifyHashedPassword(this, hash ?? _decoy, password) switch
        {
            _ when hash is null => PasswordCheck.Wrong,
            PasswordVerificationResult.Success => PasswordCheck.Correct,
            PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.CorrectButRehash,
            _ => PasswordCheck.Wrong,
        };
}

public enum PasswordCheck
{
    Wrong,
    Correct,

    /// <summary>Right password, hashed with older parameters: store a new hash.</summary>
    CorrectButRehash,
}
