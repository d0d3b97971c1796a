namespace EndpointStats.Identity.RemoteImages;

/// <summary>The images role could not be asked (not configured, down, or it answered an error); the request fails with a 503.</summary>
public sealed class ImagesUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
