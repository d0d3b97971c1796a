using System.Security.Cryptography;
using System.Text.RegularExpressions;
using EndpointStats.Hosting.Storage;
using Microsoft.Extensions.Options;

namespace EndpointStats.Images.Storage;

/// <summary>
/// Image bytes on disk: <c>&lt;root&gt;/&lt;first two id chars&gt;/&lt;id&gt;</c>, written to <c>&lt;root&gt;/.tmp</c> first and renamed into
/// place, so a reader never sees half a file. Ids are 32 random hex digits; anything else is never turned into a path.
/// </summary>
public sealed partial class ImageFiles
{
    public const string TempFolder = ".tmp";

    public ImageFiles(IOptions<ImagesOptions> options, IOptions<StorageOptions> storage)
    {
        Root = Path.GetFullPath(options.Value.Directory is { Length: > 0 } dir ? dir : Path.Combine(storage.Value.FullDataDirectory, "images"));
        TempDirectory = Path.Combine(Root, TempFolder);
        Directory.CreateDirectory(TempDirectory);
    }

    public string Root { get; }

    public string TempDirectory { get; }

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    public string PathOf(string id) => IsValidId(id)
        ? Path.Combine(Root, id[..2], id)
        : throw new ArgumentException("Not an image id.", nameof(id));

    public FileStream CreateTemp(out string path)
    {
        path = Path.Combine(TempDirectory, Guid.NewGuid().ToString("N") + ".upload");
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous);
    }

    /// <summary>Moves a finished temp file into place under <paramref name="id"/> (same volume, so the rename is atomic).</summary>
    public void Commit(string tempPath, string id)
    {
        var target = PathOf(id);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(tempPath, target, overwrite: false);
    }

    public void Delete(string id)
    {
        if (IsValidId(id))
        {
            File.Delete(PathOf(id));
        }
    }

    public static void DeleteTemp(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the orphan cleanup.
        }
    }

    /// <summary>Every file under the root: image files carry their id, unfinished uploads are marked temporary, anything else is neither.</summary>
    public IEnumerable<(string? Id, bool IsTemp, string Path, DateTime LastWriteUtc)> Enumerate()
    {
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            var isTemp = Path.GetDirectoryName(file) == TempDirectory;
            var id = !isTemp && IsValidId(name) && Path.GetDirectoryName(file) == Path.Combine(Root, name[..2]) ? name : null;
            yield return (id, isTemp, file, File.GetLastWriteTimeUtc(file));
        }
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex IdPattern();
}
