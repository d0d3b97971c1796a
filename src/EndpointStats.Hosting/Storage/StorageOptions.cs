using System.ComponentModel.DataAnnotations;

namespace EndpointStats.Hosting.Storage;

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Where embedded state lives (the SQLite file, image bytes); relative paths are taken from the working directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Whether <c>serve</c> applies pending migrations itself; the Helm chart turns this off and runs <c>migrate</c> as a hook.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>How long start-up waits for an unreachable database before giving up.</summary>
    [Range(0, 3600)]
    public int StartupWaitSeconds { get; set; } = 60;

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}
