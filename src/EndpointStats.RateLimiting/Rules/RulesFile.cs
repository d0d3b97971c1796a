using System.Text.Json;
using System.Text.Json.Serialization;

namespace EndpointStats.RateLimiting.Rules;

/// <summary>
/// Reads the rules file (same shape as the <c>RateLimiting</c> section). Strict: an unknown property is an error, so a typo
/// such as <c>"Permited"</c> rejects the file instead of silently dropping a limit.
/// </summary>
internal static class RulesFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The file's text, or null with the reason when it cannot be read.</summary>
    public static string? TryRead(string path, out string? error)
    {
        try
        {
            // Reading through the path follows the ConfigMap's "..data" symlink to whatever it points at now.
            error = null;
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read {path}: {ex.Message}";
            return null;
        }
    }

    public static RulesDocument? TryParse(string text, out string? error)
    {
        try
        {
            error = null;
            return JsonSerializer.Deserialize<RulesDocument>(text, Json) ?? throw new JsonException("The file is empty (null).");
        }
        catch (JsonException ex)
        {
            error = $"not valid rules JSON: {ex.Message}";
            return null;
        }
    }
}
