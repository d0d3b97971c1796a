using System.Globalization;
using System.Text.Json;
using EndpointStats.Hosting.Analytics;

namespace EndpointStats.Analytics.Ingestion;

/// <summary>
/// Reads one event in the seed's field names (<c>endpoint</c>, <c>timestamp</c>, <c>response_time</c> in seconds,
/// <c>client_ip</c>, <c>user_agent</c>, <c>pod_name</c>, <c>is_error</c>), plus the optional <c>id</c>, <c>method</c>,
/// <c>status_code</c> and <c>user_id</c>. Every problem is reported against the field that caused it.
/// </summary>
public static class SeedEventParser
{
    public static RequestEvent? Parse(JsonElement root, Dictionary<string, string[]> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["Expected a JSON object."];
            return null;
        }

        var endpoint = String(root, "endpoint", errors, required: true);
        var timestamp = Timestamp(root, errors);
        var seconds = Number(root, "response_time", errors) ?? 0;
        var isError = Bool(root, "is_error", errors) ?? false;
        var status = (int?)Number(root, "status_code", errors) ?? (isError ? 500 : 200);
        var idText = String(root, "id", errors, required: false);
        var id = Guid.CreateVersion7();
        if (idText is not null && !Guid.TryParse(idText, out id))
        {
            errors["id"] = ["Must be a UUID."];
        }

        if (seconds < 0)
        {
            errors["response_time"] = ["Must not be negative."];
        }

        var result = new RequestEvent
        {
            Id = id,
            Timestamp = timestamp ?? default,
            Route = endpoint is null ? string.Empty : Normalise(endpoint),
            Method = String(root, "method", errors, required: false)?.ToUpperInvariant() ?? "*",
            Status = status,
            DurationMs = seconds * 1000,
            ClientIp = String(root, "client_ip", errors, required: false),
            UserId = String(root, "user_id", errors, required: false),
            UserAgent = Truncate(String(root, "user_agent", errors, required: false)),
            PodName = String(root, "pod_name", errors, required: false),
            IsError = isError,
        };
        return errors.Count == 0 ? result : null;
    }

    private static string Normalise(string endpoint)
    {
        var path = endpoint.Split('?', 2)[0];
        return path.StartsWith('/') ? path : "/" + path;
    }

    private static string? Truncate(string? value) =>
        value is { Length: > RequestEvent.MaxUserAgentLength } ? value[..RequestEvent.MaxUserAgentLength] : value;

    private static string? String(JsonElement root, string name, Dictionary<string, string[]> errors, bool required)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors[name] = ["Required."];
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String || (required && value.GetString()!.Length == 0))
        {
            errors[name] = [required ? "Must be a non-empty string." : "Must be a string."];
            return null;
        }

        return value.GetString();
    }

    private static double? Number(JsonElement root, string name, Dictionary<string, string[]> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            errors[name] = ["Must be a number."];
            return null;
        }

        return value.GetDouble();
    }

    private static bool? Bool(JsonElement root, string name, Dictionary<string, string[]> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors[name] = ["Must be true or false."];
            return null;
        }

        return value.GetBoolean();
    }

    /// <summary>An ISO-8601 string (UTC unless it carries an offset) or Unix seconds.</summary>
    private static DateTime? Timestamp(JsonElement root, Dictionary<string, string[]> errors)
    {
        if (!root.TryGetProperty("timestamp", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors["timestamp"] = ["Required."];
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var unix) && unix is > 0 and < 1e11)
        {
            return DateTime.UnixEpoch.AddTicks((long)(unix * TimeSpan.TicksPerSecond));
        }

        if (value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed.UtcDateTime;
        }

        errors["timestamp"] = ["Must be an ISO-8601 date-time or Unix seconds."];
        return null;
    }
}
