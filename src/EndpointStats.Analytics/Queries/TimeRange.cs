using System.Globalization;

namespace EndpointStats.Analytics.Queries;

/// <summary>A query's [From, To) in UTC, from <c>period=1h|6h|24h|7d|30d</c> or ISO-8601 <c>from</c>/<c>to</c>.</summary>
public readonly record struct TimeRange(DateTime From, DateTime To)
{
    public static readonly IReadOnlyDictionary<string, TimeSpan> Periods = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["1h"] = TimeSpan.FromHours(1),
        ["6h"] = TimeSpan.FromHours(6),
        ["24h"] = TimeSpan.FromHours(24),
        ["7d"] = TimeSpan.FromDays(7),
        ["30d"] = TimeSpan.FromDays(30),
    };

    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(400);

    public TimeSpan Length => To - From;

    public static string AllowedPeriods => string.Join(", ", Periods.Keys);

    /// <summary>Parses the query; on failure <paramref name="errors"/> names the parameter.</summary>
    public static TimeRange? Parse(string? period, string? from, string? to, DateTime now, string defaultPeriod, Dictionary<string, string[]> errors)
    {
        if (from is not null || to is not null)
        {
            if (period is not null)
            {
                errors["period"] = ["Give either period or from/to, not both."];
                return null;
            }

            var start = ParseTime(from, "from", errors);
            var end = to is null ? now : ParseTime(to, "to", errors);
            if (from is null)
            {
                errors["from"] = ["Required when to is given."];
            }

            if (start is null || end is null || errors.Count > 0)
            {
                return null;
            }

            if (end <= start)
            {
                errors["to"] = ["Must be later than from."];
                return null;
            }

            if (end - start > MaxLength)
            {
                errors["from"] = [$"The range may span at most {MaxLength.TotalDays} days."];
                return null;
            }

            return new TimeRange(start.Value, end.Value);
        }

        var name = period ?? defaultPeriod;
        if (!Periods.TryGetValue(name, out var length))
        {
            errors["period"] = [$"Unknown period '{name}'. Allowed values: {AllowedPeriods}."];
            return null;
        }

        return new TimeRange(now - length, now);
    }

    private static DateTime? ParseTime(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed.UtcDateTime;
        }

        errors[name] = [$"'{value}' is not an ISO-8601 date-time."];
        return null;
    }
}
