using System.Security.Cryptography;

namespace EndpointStats.Hosting.Security;

/// <summary>
/// The embedded-mode key: 32 random bytes written once under the data directory (owner-only permissions), so a fresh
/// install needs no secret in configuration and a restart keeps issued tokens valid.
/// </summary>
internal static class GeneratedKeyFile
{
    public const string FileName = "identity-signing-key";

    public static string PathIn(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), FileName);

    /// <summary>The base64 key, creating it when asked; null when it does not exist and must not be created.</summary>
    public static string? ReadOrCreate(string dataDirectory, bool create)
    {
        var path = PathIn(dataDirectory);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        if (!create)
        {
            return null;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temp, options))
        {
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(SigningKeyLoader.MinimumSymmetricBytes)));
        }

        try
        {
            // No overwrite: when two processes start at once, the first key written wins and both use it.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }

        return File.ReadAllText(path).Trim();
    }
}
