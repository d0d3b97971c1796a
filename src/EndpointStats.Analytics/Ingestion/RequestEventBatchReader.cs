using System.Buffers;
using System.Text.Json;
using EndpointStats.Hosting.Analytics;

namespace EndpointStats.Analytics.Ingestion;

/// <summary>
/// Reads a <c>/collect/batch</c> body, a JSON array of <see cref="RequestEvent"/> in the contract's field names, in one
/// forward pass of <see cref="Utf8JsonReader"/> over the buffered body: no DOM, and no boxing of each value as the
/// serializer's path for init-only records does. Unknown fields are skipped; a value of the wrong type is reported as
/// <c>[index].field</c>, invalid JSON against <c>body</c>.
/// </summary>
internal static class RequestEventBatchReader
{
    private const int MaxErrors = 20;

    public static List<RequestEvent>? Read(ReadOnlySequence<byte> body, Dictionary<string, string[]> errors)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                errors["body"] = ["Expected a JSON array of events."];
                return null;
            }

            var events = new List<RequestEvent>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    errors[$"[{events.Count}]"] = ["Expected a JSON object."];
                    return null;
                }

                events.Add(ReadEvent(ref reader, events.Count, errors));
                if (errors.Count >= MaxErrors)
                {
                    return null;
                }
            }

            // Anything but whitespace after the array is a reader error.
            reader.Read();
            return errors.Count == 0 ? events : null;
        }
        catch (JsonException ex)
        {
            errors["body"] = [$"Not valid JSON: {ex.Message}"];
            return null;
        }
    }

    private static RequestEvent ReadEvent(ref Utf8JsonReader reader, int index, Dictionary<string, string[]> errors)
    {
        Guid id = default;
        DateTime timestamp = default;
        string? route = null, method = null, clientIp = null, userId = null, userAgent = null, podName = null;
        int status = 0;
        double durationMs = 0;
        long requestBytes = 0, responseBytes = 0;
        var isError = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = RequestEventFields.Identify(ref reader);
            reader.Read();
            var ok = field switch
            {
                RequestEventField.Id => reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out id),
                RequestEventField.Timestamp => reader.TokenType == JsonTokenType.String && reader.TryGetDateTime(out timestamp),
                RequestEventField.Route => TryString(ref reader, out route),
                RequestEventField.Method => TryMethod(ref reader, out method),
                RequestEventField.Status => reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out status),
                RequestEventField.DurationMs => reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out durationMs),
                RequestEventField.ClientIp => TryString(ref reader, out clientIp),
                RequestEventField.UserId => TryString(ref reader, out userId),
                RequestEventField.UserAgent => TryString(ref reader, out userAgent),
                RequestEventField.PodName => TryString(ref reader, out podName),
                RequestEventField.RequestBytes => reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out requestBytes),
                RequestEventField.ResponseBytes => reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out responseBytes),
                RequestEventField.IsError => TryBool(ref reader, out isError),
                _ => Skip(ref reader),
            };
            if (!ok)
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }

                errors[$"[{index}].{RequestEventFields.NameOf(field)}"] = [$"Expected {RequestEventFields.Expected(field)}."];
            }
        }

        return new RequestEvent
        {
            Id = id,
            Timestamp = timestamp,
            Route = route ?? string.Empty,
            Method = method ?? string.Empty,
            Status = status,
            DurationMs = durationMs,
            ClientIp = clientIp,
            UserId = userId,
            UserAgent = userAgent,
            PodName = podName,
            RequestBytes = requestBytes,
            ResponseBytes = responseBytes,
            IsError = isError,
        };
    }

    private static bool TryString(ref Utf8JsonReader reader, out string? value)
    {
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    /// <summary>The usual methods map to shared strings: one fewer allocation per event.</summary>
    private static bool TryMethod(ref Utf8JsonReader reader, out string? value)
    {
        value = reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped ? null
            : reader.ValueTextEquals("GET"u8) ? "GET"
            : reader.ValueTextEquals("POST"u8) ? "POST"
            : reader.ValueTextEquals("PUT"u8) ? "PUT"
            : reader.ValueTextEquals("DELETE"u8) ? "DELETE"
            : null;
        return value is not null || TryString(ref reader, out value);
    }

    private static bool TryBool(ref Utf8JsonReader reader, out bool value)
    {
        value = reader.TokenType == JsonTokenType.True;
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
    }

    private static bool Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return true;
    }
}
