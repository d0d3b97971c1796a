using EndpointStats.Analytics.Storage;
using EndpointStats.Hosting.Analytics;

namespace EndpointStats.Analytics.Tests;

/// <summary>The block encoding of SQLite's raw events: every field comes back as written.</summary>
public sealed class EventBlockTests
{
    private static readonly DateTime Start = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Encode_VariedEvents_DecodesEveryFieldAsWritten()
    {
        RequestEvent[] events =
        [
            Event(0) with { UserAgent = string.Empty, UserId = null, ClientIp = null, PodName = null },
            Event(0) with { Route = "/api/images/{id}", Method = "DELETE", Status = 204, UserAgent = "curl/8.5" },
            Event(1) with { Status = 0, IsError = true, DurationMs = 0.000123, UserId = "user-ü-雪" },
            Event(2) with { Status = 503, DurationMs = 120_000.5, RequestBytes = long.MaxValue, ResponseBytes = 0 },
            Event(3_600_000_000) with { ClientIp = "2001:db8::1", UserAgent = new string('a', RequestEvent.MaxUserAgentLength) },
        ];
        var encoder = new EventBlockEncoder();

        var block = encoder.Encode(events);
        var decoded = Decode(block);

        Assert.Equal(events, decoded);
    }

    [Fact]
    public void Encode_TextRepeatedInManyEvents_IsStoredOnce()
    {
        var events = Enumerable.Range(0, 1000).Select(i => Event(i) with { UserAgent = "Mozilla/5.0 (X11; Linux x86_64) " + (i % 2) }).ToArray();

        var block = new EventBlockEncoder().Encode(events);

        // 16 bytes of id, 8 of duration and a byte or two per other field: the 34-character texts are not repeated per event.
        Assert.InRange(block.Count, 1000 * 30, 1000 * 40);
        Assert.Equal(events, Decode(block));
    }

    [Fact]
    public void Encoder_Reused_LeavesNothingOfTheLastBlockInTheNext()
    {
        var encoder = new EventBlockEncoder();
        encoder.Encode([Event(0) with { Route = "/first" }, Event(1) with { Route = "/first", UserId = "a" }]);

        var only = Event(5) with { Route = "/second", UserId = null };

        var second = Decode(encoder.Encode([only]));

        Assert.Equal(only, Assert.Single(second));
    }

    [Fact]
    public void Decode_UnknownVersionOrTruncatedBlock_Throws()
    {
        var block = new EventBlockEncoder().Encode([Event(0), Event(1)]).ToArray();
        var future = block.ToArray();
        future[0] = 2;

        Assert.Throws<InvalidDataException>(() => new EventBlock(future, future.Length));
        var truncated = new EventBlock(block, block.Length - 3);
        Assert.True(truncated.MoveNext());
        Assert.Throws<InvalidDataException>(() => truncated.MoveNext());
    }

    private static List<RequestEvent> Decode(ArraySegment<byte> block)
    {
        var data = block.ToArray();
        var reader = new EventBlock(data, data.Length);
        var events = new List<RequestEvent>();
        while (reader.MoveNext())
        {
            events.Add(reader.Current);
        }

        return events;
    }

    private static RequestEvent Event(long micros) => new()
    {
        Id = Guid.NewGuid(),
        Timestamp = Start.AddTicks(micros * 10),
        Route = "/",
        Method = "GET",
        Status = 200,
        DurationMs = 1.25,
        ClientIp = "10.0.0.7",
        UserId = "u1",
        UserAgent = "wrk",
        PodName = "gateway-0",
        RequestBytes = 10,
        ResponseBytes = 300,
    };
}
