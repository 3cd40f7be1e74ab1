using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MovieDiscovery.Bench.LoadGen;

// Open-loop load: request i is due at start + i/rate and is sent then, whatever earlier requests are doing;
// its latency runs from that intended time, so a slow server cannot hide its queue (no coordinated omission).
Options options;
try
{
    options = Options.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or UriFormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

var scenarios = new Scenarios(options.Seed, options.Movies, Scenarios.NeedsTokens(options.Scenario) ? options.TokensPath : null,
    options.Scenario == "discover" ? options.WordsPath : null);
var next = scenarios.Factory(options.Scenario);

using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Connections,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    UseCookies = false,
    UseProxy = false,
};
using var client = new HttpClient(handler) { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds) };

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{options.Scenario}: {options.Rate} req/s for {options.DurationSeconds} s (+{options.WarmupSeconds} s warm-up) on {options.Url}, seed {options.Seed}"));
// SIGTERM or SIGINT ends the measured run early: what was sent is awaited and reported (bench/windows.sh stops the
// load when the import it measures ends).
using var stop = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopEarly);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopEarly);
var startedAt = DateTimeOffset.UtcNow;
if (options.WarmupSeconds > 0)
{
    await Run(options.WarmupSeconds);
}

var results = await Run(options.DurationSeconds);
Report(results);
if (options.SamplesPath is { } samplesPath)
{
    WriteSamples(samplesPath, results);
}

return 0;

async Task<Result[]> Run(int seconds)
{
    var count = (int)Math.Round(options.Rate * seconds);
    var results = new Result[count];
    var pending = new Task[count];
    startedAt = DateTimeOffset.UtcNow;
    var start = Stopwatch.GetTimestamp();
    var ticksPerRequest = Stopwatch.Frequency / options.Rate;
    var sent = 0;
    for (; sent < count && !stop.IsCancellationRequested; sent++)
    {
        var due = start + (long)(sent * ticksPerRequest);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait);
        }

        pending[sent] = Send(sent, due, next(), results);
    }

    await Task.WhenAll(pending[..sent]);
    return results[..sent];
}

void StopEarly(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

async Task Send(int i, long due, HttpRequestMessage request, Result[] results)
{
    int status;
    try
    {
        using (request)
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead))
        {
            status = (int)response.StatusCode;
        }
    }
    catch (TaskCanceledException)
    {
        status = Result.TimedOut;
    }
    catch (HttpRequestException)
    {
        status = Result.Failed;
    }

    results[i] = new Result(Stopwatch.GetElapsedTime(due, Stopwatch.GetTimestamp()), status);
}

void Report(Result[] results)
{
    var latencies = results.Select(r => r.Latency.TotalMilliseconds).Order().ToArray();
    double At(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
    var inv = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(inv,
        $"latency from the intended send time (ms): p50 {At(0.50):F1}  p90 {At(0.90):F1}  p99 {At(0.99):F1}  p99.9 {At(0.999):F1}  max {latencies[^1]:F1}"));
    var statuses = results.GroupBy(r => r.Status).OrderBy(g => g.Key)
        .Select(g => string.Create(inv, $"{Result.Name(g.Key)}={g.Count()}"));
    Console.WriteLine($"statuses: {string.Join(' ', statuses)}");
    var ok = results.Count(r => Scenarios.IsSuccess(options.Scenario, r.Status));
    Console.WriteLine(string.Create(inv, $"success: {ok} of {results.Length} ({100.0 * ok / results.Length:F1}%)"));
}

// One line per request of the measured run: its intended send time (Unix ms), latency (ms) and status, so a caller can
// take percentiles over any part of the run (bench/windows.sh: the minute before a boundary and the minute after).
void WriteSamples(string path, Result[] results)
{
    using var writer = new StreamWriter(path);
    var inv = CultureInfo.InvariantCulture;
    var origin = startedAt.ToUnixTimeMilliseconds();
    for (var i = 0; i < results.Length; i++)
    {
        writer.WriteLine(string.Create(inv,
            $"{origin + i * 1000.0 / options.Rate:F1}\t{results[i].Latency.TotalMilliseconds:F2}\t{Result.Name(results[i].Status)}"));
    }
}

/// <summary>One request's latency from its intended send time, and its status (or a failure code below 0).</summary>
internal readonly record struct Result(TimeSpan Latency, int Status)
{
    public const int TimedOut = -1;
    public const int Failed = -2;

    public static string Name(int status) => status switch
    {
        TimedOut => "timeout",
        Failed => "error",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };
}
