using System.Text.Json;

namespace EndpointStats.Analytics.Ingestion;

internal enum RequestEventField
{
    Unknown,
    Id,
    Timestamp,
    Route,
    Method,
    Status,
    DurationMs,
    ClientIp,
    UserId,
    UserAgent,
    PodName,
    RequestBytes,
    ResponseBytes,
    IsError,
}

/// <summary>The wire names of <see cref="Hosting.Analytics.RequestEvent"/>'s fields (as its <c>JsonPropertyName</c>s), matched on UTF-8 bytes.</summary>
internal static class RequestEventFields
{
    public static RequestEventField Identify(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("id"u8) ? RequestEventField.Id
        : reader.ValueTextEquals("timestamp"u8) ? RequestEventField.Timestamp
        : reader.ValueTextEquals("route"u8) ? RequestEventField.Route
        : reader.ValueTextEquals("method"u8) ? RequestEventField.Method
        : reader.ValueTextEquals("status"u8) ? RequestEventField.Status
        : reader.ValueTextEquals("duration_ms"u8) ? RequestEventField.DurationMs
        : reader.ValueTextEquals("client_ip"u8) ? RequestEventField.ClientIp
        : reader.ValueTextEquals("user_id"u8) ? RequestEventField.UserId
        : reader.ValueTextEquals("user_agent"u8) ? RequestEventField.UserAgent
        : reader.ValueTextEquals("pod_name"u8) ? RequestEventField.PodName
        : reader.ValueTextEquals("request_bytes"u8) ? RequestEventField.RequestBytes
        : reader.ValueTextEquals("response_bytes"u8) ? RequestEventField.ResponseBytes
        : reader.ValueTextEquals("is_error"u8) ? RequestEventField.IsError
        : RequestEventField.Unknown;

    public static string NameOf(RequestEventField field) => field switch
    {
        RequestEventField.Id => "id",
        RequestEventField.Timestamp => "timestamp",
        RequestEventField.Route => "route",
        RequestEventField.Method => "method",
        RequestEventField.Status => "status",
        RequestEventField.DurationMs => "duration_ms",
        RequestEventField.ClientIp => "client_ip",
        RequestEventField.UserId => "user_id",
        RequestEventField.UserAgent => "user_agent",
        RequestEventField.PodName => "pod_name",
        RequestEventField.RequestBytes => "request_bytes",
        RequestEventField.ResponseBytes => "response_bytes",
        RequestEventField.IsError => "is_error",
        _ => "?",
    };

    public static string Expected(RequestEventField field) => field switch
    {
        RequestEventField.Id => "a UUID string",
        RequestEventField.Timestamp => "an ISO-8601 date-time string",
        RequestEventField.Status => "an integer",
        RequestEventField.DurationMs => "a number",
        RequestEventField.RequestBytes or RequestEventField.ResponseBytes => "an integer",
        RequestEventField.IsError => "true or false",
        _ => "a string or null",
    };
}
