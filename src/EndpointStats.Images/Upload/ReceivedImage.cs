using EndpointStats.Images.Formats;

namespace EndpointStats.Images.Upload;

/// <summary>A validated upload sitting in a temp file, ready to be committed under an id.</summary>
public sealed record ReceivedImage(string TempPath, ImageFormat Format, long Size, string Sha256, int Width, int Height);
