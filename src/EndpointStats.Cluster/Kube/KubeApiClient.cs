using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;

namespace EndpointStats.Cluster.Kube;

/// <summary>
/// List and watch over the official client's transport: <see cref="Kubernetes"/> resolves the server, TLS and credentials
/// (service account, kubeconfig, exec plugins, token refresh), and the bodies are decoded into the slim records.
/// </summary>
public sealed class KubeApiClient : IDisposable
{
    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(60);
    private readonly Kubernetes _client;
    private readonly HttpClient _http;
    private readonly Uri _base;

    public KubeApiClient(KubernetesClientConfiguration config)
    {
        _client = new Kubernetes(config);
        _http = _client.HttpClient;
        var baseUri = _client.BaseUri.ToString();
        _base = new Uri(baseUri.EndsWith('/') ? baseUri : baseUri + "/");
    }

    /// <summary>One page of a namespaced list, as kubectl's pager asks for it.</summary>
    public async Task<ResourceList<T>> ListAsync<T>(
        string path, int limit, string? next, JsonTypeInfo<ResourceList<T>> type, CancellationToken cancellationToken)
    {
        var query = $"?limit={limit}" + (string.IsNullOrEmpty(next) ? "" : "&continue=" + Uri.EscapeDataString(next));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ListTimeout);
        using var response = await SendAsync(path + query, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
        return await JsonSerializer.DeserializeAsync(body, type, deadline.Token)
            ?? throw new JsonException($"empty list body from {path}");
    }

    /// <summary>The events of a watch from <paramref name="version"/>, one per line, until the server closes the stream.</summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        string path, string version, int timeoutSeconds, JsonTypeInfo<WatchEvent<T>> type,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = $"?watch=true&allowWatchBookmarks=true&timeoutSeconds={timeoutSeconds}&resourceVersion={Uri.EscapeDataString(version)}";
        using var response = await SendAsync(path + query, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var item = JsonSerializer.Deserialize(line, type) ?? throw new JsonException("empty watch event");
            if (item.Type == "ERROR")
            {
                var status = JsonSerializer.Deserialize(line, KubeJsonContext.Default.WatchEventKubeStatus)?.Object;
                throw new KubeApiException((HttpStatusCode)(status?.Code ?? 500), status?.Message ?? status?.Reason ?? "watch error");
            }

            yield return item;
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<HttpResponseMessage> SendAsync(string pathAndQuery, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, pathAndQuery));
        request.Headers.Accept.ParseAdd("application/json");
        if (_client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        var response = await _http.SendAsync(request, completion, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var status = await ReadStatusAsync(response, cancellationToken);
            throw new KubeApiException(response.StatusCode, $"{(int)response.StatusCode} {status ?? response.ReasonPhrase}");
        }
    }

    private static async Task<string?> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = text.Length == 0 ? null : JsonSerializer.Deserialize(text, KubeJsonContext.Default.KubeStatus);
            return status?.Message ?? status?.Reason;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
