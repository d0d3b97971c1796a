// Image and login throughput against a running endpoint-stats, each beside a baseline measured in the same run:
// image download/upload MB/s versus copying the same bytes from file to file; logins/s versus the bare password-hash
// verifications/s this machine manages with the same PBKDF2 parameters (the bound on login throughput).
// Usage: IdentityBench <base-url> <seconds> <concurrency> <image-bytes> <pbkdf2-iterations>
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IdentityBench;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

var baseUrl = new Uri(args[0]);
var seconds = double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var concurrency = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var imageBytes = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
var iterations = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
var duration = TimeSpan.FromSeconds(seconds);

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
const string password = "benchmark passphrase 2026";
using (var register = await http.PostAsJsonAsync("/api/auth/register", new { username = "bench", email = "bench@example.test", password }))
{
    var body = JsonDocument.Parse(await register.Content.ReadAsStringAsync()).RootElement;
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("access_token").GetString());
}

var image = BenchImages.Png(imageBytes);
var id = await Upload(http, image);
var source = Path.Combine(Path.GetTempPath(), $"bench-src-{Guid.NewGuid():N}.png");
await File.WriteAllBytesAsync(source, image);

Console.WriteLine($"image {image.Length / 1048576.0:F2} MiB, {concurrency} concurrent, {seconds:F0}s per run, {Environment.ProcessorCount} cores shared with the server");
var copy = await Runner.RunAsync(concurrency, duration, async worker =>
{
    var target = Path.Combine(Path.GetTempPath(), $"bench-copy-{worker}.png");
    await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
    await using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
    await input.CopyToAsync(output);
    return image.Length;
});
var download = await Runner.RunAsync(concurrency, duration, async _ =>
{
    using var response = await http.GetAsync($"/api/images/{id}", HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    await using var stream = await response.Content.ReadAsStreamAsync();
    var buffer = new byte[81920];
    long total = 0;
    int read;
    while ((read = await stream.ReadAsync(buffer)) > 0)
    {
        total += read;
    }

    return total;
});
var upload = await Runner.RunAsync(concurrency, duration, async _ => { await Upload(http, image); return image.Length; });

Console.WriteLine($"{"measure",-44} {"MB/s",10} {"ops/s",10}");
Console.WriteLine($"{"file copy of the same bytes (baseline)",-44} {copy.MegabytesPerSecond,10:F1} {copy.OpsPerSecond,10:F1}");
Console.WriteLine($"{"GET /api/images/{id} (download)",-44} {download.MegabytesPerSecond,10:F1} {download.OpsPerSecond,10:F1}");
Console.WriteLine($"{"POST /api/images (upload, multipart)",-44} {upload.MegabytesPerSecond,10:F1} {upload.OpsPerSecond,10:F1}");
Console.WriteLine($"download / copy: {100 * download.MegabytesPerSecond / copy.MegabytesPerSecond:F0}% (target >= 50%)");
Console.WriteLine($"upload / copy:   {100 * upload.MegabytesPerSecond / copy.MegabytesPerSecond:F0}%");

var hasher = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = iterations }));
var hash = hasher.HashPassword(new object(), password);
var verify = await Runner.RunAsync(concurrency, duration, worker => Task.FromResult(
    hasher.VerifyHashedPassword(worker, hash, password) == PasswordVerificationResult.Success ? 0L : throw new InvalidOperationException("hash check failed")));
using var anonymous = new HttpClient { BaseAddress = baseUrl };
var login = await Runner.RunAsync(concurrency, duration, async _ =>
{
    using var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "bench", password });
    response.EnsureSuccessStatusCode();
    return 0;
});
Console.WriteLine();
Console.WriteLine($"password hash: PBKDF2-HMAC-SHA512, {iterations} iterations, 128-bit salt, 256-bit subkey (ASP.NET Core Identity V3)");
Console.WriteLine($"{"measure",-44} {"ops/s",10}");
Console.WriteLine($"{"hash verifications in-process (bound)",-44} {verify.OpsPerSecond,10:F1}");
Console.WriteLine($"{"POST /api/auth/login (200, new session)",-44} {login.OpsPerSecond,10:F1}");
Console.WriteLine($"login / bound: {100 * login.OpsPerSecond / verify.OpsPerSecond:F0}%");
File.Delete(source);

static async Task<string> Upload(HttpClient http, byte[] image)
{
    using var form = new MultipartFormDataContent { { new ByteArrayContent(image), "file", "bench.png" } };
    using var response = await http.PostAsync("/api/images", form);
    var body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"upload failed: {(int)response.StatusCode} {body}");
    }

    return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
}
