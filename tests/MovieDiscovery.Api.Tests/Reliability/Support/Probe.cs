using System.Diagnostics;

namespace MovieDiscovery.Api.Tests.Reliability.Support;

/// <summary>
/// One timed request and what came back: the status (null when no answer came), the envelope's error
/// code, whether the error envelope was complete and whether Retry-After was sent.
/// </summary>
public sealed record Probe(
    string Method,
    string Url,
    TimeSpan Started,
    TimeSpan Elapsed,
    int? Status,
    string? ErrorCode,
    bool HasEnvelope,
    bool HasRetryAfter,
    string? Failure)
{
    public TimeSpan Ended => Started + Elapsed;

    public bool Answered => Status is not null;

    /// <summary>The database-unavailable answer of the contract: 503 SERVICE_UNAVAILABLE, in the envelope, with Retry-After.</summary>
    public bool IsServiceUnavailable => Status == 503 && ErrorCode == "SERVICE_UNAVAILABLE" && HasEnvelope && HasRetryAfter;

    public static Task<Probe> GetAsync(HttpClient client, string url, Stopwatch clock) => SendAsync(client, HttpMethod.Get, url, clock);

    public static async Task<Probe> SendAsync(HttpClient client, HttpMethod method, string url, Stopwatch clock, object? jsonBody = null)
    {
        var started = clock.Elapsed;
        try
        {
            using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
            if (jsonBody is not null)
            {
                request.Content = JsonContent.Create(jsonBody);
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            string? code = null;
            var envelope = false;
            if (status >= 400 && text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json")
            {
                (code, envelope) = ReadEnvelope(text);
            }

            var retryAfter = response.Headers.RetryAfter is not null;
            return new Probe(method.Method, url, started, clock.Elapsed - started, status, code, envelope, retryAfter, null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
        {
            var failure = exception.InnerException switch
            {
                System.Net.Sockets.SocketException socket => $"{exception.GetType().Name}: SocketException {socket.SocketErrorCode}",
                { } inner => $"{exception.GetType().Name}: {inner.GetType().Name} {inner.Message}",
                null => $"{exception.GetType().Name}: {exception.Message}",
            };
            return new Probe(method.Method, url, started, clock.Elapsed - started, null, null, false, false, failure);
        }
    }

    /// <summary>The error code, and whether <c>{"error":{"code","message","details":{"trace_id"}}}</c> is all there.</summary>
    private static (string? Code, bool Complete) ReadEnvelope(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return (null, false);
            }

            var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var complete = code is not null
                && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                && error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
                && details.TryGetProperty("trace_id", out var trace) && trace.ValueKind == JsonValueKind.String;
            return (code, complete);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }
}

public static class ProbeSummary
{
    /// <summary>"200×41, 503×17, no answer×1": the statuses of a set of probes.</summary>
    public static string Statuses(this IEnumerable<Probe> probes) =>
        string.Join(", ", probes
            .GroupBy(p => p.Status is { } s ? (p.ErrorCode is { } c ? $"{s} {c}" : $"{s}") : "no answer")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}×{g.Count()}"));

    public static TimeSpan MaxLatency(this IEnumerable<Probe> probes) =>
        probes.Select(p => p.Elapsed).DefaultIfEmpty(TimeSpan.Zero).Max();

    public static TimeSpan Percentile(this IEnumerable<Probe> probes, double percentile)
    {
        var sorted = probes.Select(p => p.Elapsed).Order().ToList();
        return sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1)];
    }

    public static string Ms(this TimeSpan value) => $"{value.TotalMilliseconds:F0} ms";
}
