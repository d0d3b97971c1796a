using System.Text.RegularExpressions;
using EndpointStats.Identity.Passwords;

namespace EndpointStats.Identity.Accounts;

/// <summary>What a valid username, email and password look like; errors are keyed by the JSON field name.</summary>
public static partial class AccountRules
{
    public const int MinPasswordLength = 12;

    /// <summary>PBKDF2 hashes any length, but a megabyte "password" is a cheap way to burn server CPU.</summary>
    public const int MaxPasswordLength = 256;

    public const int MaxEmailLength = 254;

    public static void Username(string? value, Dictionary<string, string[]> errors, string field = "username")
    {
        if (string.IsNullOrEmpty(value))
        {
            errors[field] = [$"The {field} field is required."];
        }
        else if (!UsernamePattern().IsMatch(value))
        {
            errors[field] = ["A username is 3 to 32 characters of lower-case letters, digits, '_', '.' and '-'."];
        }
    }

    public static void Email(string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors["email"] = ["The email field is required."];
        }
        else if (value.Length > MaxEmailLength || !EmailPattern().IsMatch(value.Trim()))
        {
            errors["email"] = ["The email is not a valid address."];
        }
    }

    public static void Password(string? value, Dictionary<string, string[]> errors, string field = "password")
    {
        if (string.IsNullOrEmpty(value))
        {
            errors[field] = [$"The {field} field is required."];
        }
        else if (value.Length < MinPasswordLength)
        {
            errors[field] = [$"A password has at least {MinPasswordLength} characters."];
        }
        else if (value.Length > MaxPasswordLength)
        {
            errors[field] = [$"A password has at most {MaxPasswordLength} characters."];
        }
        else if (CommonPasswords.Contains(value))
        {
            errors[field] = ["This password is on the list of common passwords; choose another."];
        }
    }

    public static void Required(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors[field] = [$"The {field} field is required."];
        }
    }

    /// <summary>Emails compare without case; the stored form is trimmed lower case.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>A login is a username or an email; both are stored lower case.</summary>
    public static string NormalizeLogin(string login) => login.Trim().ToLowerInvariant();

    [GeneratedRegex("^[a-z0-9_.-]{3,32}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
