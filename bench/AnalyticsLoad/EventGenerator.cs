using EndpointStats.Hosting.Analytics;

namespace AnalyticsLoad;

/// <summary>
/// A deterministic, realistic stream of request events spread evenly over a time span, oldest first: 40 routes with skewed
/// popularity and their own latency (log-normal), mostly 2xx with some 4xx and 5xx, 20,000 client addresses.
/// </summary>
internal sealed class EventGenerator(long count, DateTime from, DateTime to, int seed = 42)
{
    private static readonly string[] Methods = ["GET", "GET", "GET", "GET", "POST", "PUT", "DELETE"];
    private static readonly string[] Agents = ["curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", "okhttp/4.12.0", "python-requests/2.32.3"];
    private static readonly string[] Pods = ["endpoint-stats-gateway-7d9c-abcde", "endpoint-stats-gateway-7d9c-fghij", "endpoint-stats-gateway-7d9c-klmno"];
    private readonly string[] _routes = Enumerable.Range(0, 40).Select(i => $"/api/service{i % 5}/resource{i}/{{id}}").ToArray();

    public IEnumerable<RequestEvent> Events()
    {
        var random = new Random(seed);
        var step = (to - from).Ticks / (double)count;
        for (long i = 0; i < count; i++)
        {
            var routeIndex = Math.Min(_routes.Length - 1, (int)(-Math.Log(1 - random.NextDouble()) * 8));
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var roll = random.Next(100);
            var status = roll < 93 ? 200 : roll < 95 ? 201 : roll < 98 ? 404 : 500;
            var timestamp = from.AddTicks((long)(i * step));
            yield return new RequestEvent
            {
                Id = Guid.CreateVersion7(new DateTimeOffset(timestamp)),
                Timestamp = timestamp,
                Route = _routes[routeIndex],
                Method = Methods[random.Next(Methods.Length)],
                Status = status,
                DurationMs = Math.Exp(1.5 + (routeIndex % 7 * 0.4) + (0.7 * gaussian)),
                ClientIp = $"10.{random.Next(4)}.{random.Next(20)}.{random.Next(250)}",
                UserId = random.Next(3) == 0 ? $"user-{random.Next(5000)}" : null,
                UserAgent = Agents[random.Next(Agents.Length)],
                PodName = Pods[random.Next(Pods.Length)],
                RequestBytes = status == 201 ? random.Next(200, 4000) : 0,
                ResponseBytes = random.Next(100, 20_000),
            };
        }
    }
}
