using System.Diagnostics.Metrics;

namespace EndpointStats.Images;

/// <summary>The <c>EndpointStats.Images</c> meter. Labels are outcomes and content types, never image ids or owners.</summary>
public sealed class ImagesMetrics
{
    public const string MeterName = "EndpointStats.Images";

    private readonly Counter<long> _uploads;
    private readonly Counter<long> _uploadedBytes;
    private readonly Counter<long> _orphans;

    public ImagesMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _uploads = meter.CreateCounter<long>("images.uploads", "{upload}", "Uploads by outcome (stored, too_large, unsupported, bad_request).");
        _uploadedBytes = meter.CreateCounter<long>("images.uploaded", "By", "Bytes of stored images, by content type.");
        _orphans = meter.CreateCounter<long>("images.orphans.removed", "{file}", "Files without metadata removed by the orphan cleanup.");
    }

    public void Upload(string outcome) => _uploads.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Stored(string contentType, long bytes)
    {
        Upload("stored");
        _uploadedBytes.Add(bytes, new KeyValuePair<string, object?>("content_type", contentType));
    }

    public void OrphansRemoved(int files) => _orphans.Add(files);
}
