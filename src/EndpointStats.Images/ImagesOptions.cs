using System.ComponentModel.DataAnnotations;

namespace EndpointStats.Images;

/// <summary>The <c>Images</c> configuration section.</summary>
public sealed class ImagesOptions
{
    public const string Section = "Images";

    /// <summary>Where image bytes live; unset: <c>&lt;Storage:DataDirectory&gt;/images</c>. A PersistentVolume in Kubernetes.</summary>
    public string? Directory { get; set; }

    /// <summary>Largest accepted image; a bigger upload gets 413 without the rest of its body being read.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Files without metadata younger than this are left alone (an upload may be between rename and insert).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often orphan files are looked for; the first pass runs shortly after start.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Browser cache lifetime of avatars (readable by anyone; short, because the avatar can change).</summary>
    [Range(0, 31_536_000)]
    public int AvatarMaxAgeSeconds { get; set; } = 300;
}
