using System.Text.Json.Serialization;

namespace EndpointStats.Images.Storage;

/// <summary>An image's metadata, as stored and as returned by the API (the owner and avatar flag stay internal).</summary>
public sealed record ImageRecord(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonIgnore] string OwnerId,
    [property: JsonPropertyName("content_type")] string ContentType,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonIgnore] bool Avatar,
    [property: JsonPropertyName("created")] DateTime Created);
