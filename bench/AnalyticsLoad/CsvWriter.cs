using System.Globalization;
using System.Text;

namespace AnalyticsLoad;

/// <summary>The same generated rows as CSV in the column order of <c>analytics_events</c>, for the <c>psql \copy</c> baseline.</summary>
internal static class CsvWriter
{
    public static int Run(string path, long count, int days)
    {
        var to = DateTime.UtcNow.AddMinutes(-1);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        foreach (var e in new EventGenerator(count, to.AddDays(-days), to).Events())
        {
            writer.Write(e.Id.ToString());
            writer.Write(',');
            writer.Write(e.Timestamp.ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(string.Join(',', e.Route, e.Method, e.Status.ToString(CultureInfo.InvariantCulture),
                e.DurationMs.ToString("R", CultureInfo.InvariantCulture), e.ClientIp, e.UserId ?? string.Empty, '"' + e.UserAgent + '"', e.PodName,
                e.RequestBytes.ToString(CultureInfo.InvariantCulture), e.ResponseBytes.ToString(CultureInfo.InvariantCulture), e.IsError ? "t" : "f"));
            writer.Write('\n');
        }

        return 0;
    }
}
