using System.Globalization;

namespace EndpointStats.RateLimiting.Rules;

/// <summary>Parses <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>7d</c> (or a <c>TimeSpan</c> such as <c>00:01:00</c>).</summary>
internal static class Periods
{
    public static bool TryParse(string? text, out TimeSpan period)
    {
        period = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var unit = text[^1];
        var multiplier = char.ToLowerInvariant(unit) switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => TimeSpan.Zero,
        };
        if (multiplier == TimeSpan.Zero)
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out period);
        }

        if (!long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 100_000)
        {
            return false;
        }

        period = multiplier * count;
        return true;
    }

    /// <summary>The shortest text for a period, for listings.</summary>
    public static string Format(TimeSpan period) =>
        period.Ticks % TimeSpan.TicksPerDay == 0 ? $"{period.TotalDays:0}d"
        : period.Ticks % TimeSpan.TicksPerHour == 0 ? $"{period.TotalHours:0}h"
        : period.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{period.TotalMinutes:0}m"
        : $"{period.TotalSeconds:0.###}s";
}
