using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Reliability;

/// <summary>
/// A bounded soak: mixed reads and saves from a few clients against the API process on PostgreSQL,
/// for <c>MOVIES_SOAK_SECONDS</c> (60 by default): no 5xx, and the resident memory levels off.
/// </summary>
[Collection(ReliabilityTests.Collection)]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int Clients = 3;
    private const double MaxGrowth = 1.5;
    private static readonly string[] s_countries = ["US", "GB", "DE", "BR", "JP"];

    [Fact]
    public async Task Mixed_load_gives_no_5xx_and_memory_stays_flat()
    {
        // At least 12 s, so that the baseline and final windows hold a few samples each.
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("MOVIES_SOAK_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? Math.Max(12, s) : 60;
        var setup = Stopwatch.StartNew();
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await using var api = await ApiProcess.StartAsync(ApiProcess.PostgresSettings(database));
        var users = await ReliabilityData.CreateUsersAsync(database, Clients);
        var movies = await ReliabilityData.MoviesAvailableInAsync(database, "US");
        var setupTime = setup.Elapsed;
        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(seconds);

        var probes = new ConcurrentQueue<Probe>();
        var clients = users.Select((user, index) => Task.Run(async () =>
        {
            using var client = api.CreateClient(TimeSpan.FromSeconds(15), ReliabilityData.MintToken(user));
            for (var n = 0; clock.Elapsed < duration; n++)
            {
                var movie = movies[((n / 5) + (index * 37)) % movies.Count];
                var probe = (n % 5) switch
                {
                    0 => await Probe.GetAsync(client, $"/v1/movies?country={s_countries[n % s_countries.Length]}&page={1 + (n % 4)}&page_size=20", clock),
                    1 => await Probe.GetAsync(client, $"/v1/movies/{movie}", clock),
                    2 => await Probe.SendAsync(client, HttpMethod.Post, $"/v1/users/{user}/saved-movies", clock, new { movie_id = movie, country = "US" }),
                    3 => await Probe.GetAsync(client, $"/v1/users/{user}/saved-movies?country=US", clock),
                    _ => await Probe.SendAsync(client, HttpMethod.Delete, $"/v1/users/{user}/saved-movies/{movie}", clock),
                };
                probes.Enqueue(probe);
                await Task.Delay(5);
            }
        })).ToList();

        var memory = new List<(double Second, long Kilobytes)>();
        while (clock.Elapsed < duration)
        {
            if (api.ResidentKilobytes() is { } rss)
            {
                memory.Add((clock.Elapsed.TotalSeconds, rss));
            }

            await Task.Delay(1000);
        }

        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(30));
        var all = probes.ToList();
        // Seconds 10-20 and the last 20 s of a 60-s run; the same sixths and last third of any other length.
        var baseline = memory.Where(m => m.Second >= seconds / 6.0 && m.Second < seconds / 3.0).Select(m => (double)m.Kilobytes).DefaultIfEmpty(0).Average();
        var final = memory.Where(m => m.Second >= seconds * 2 / 3.0).Select(m => (double)m.Kilobytes).DefaultIfEmpty(0).Average();

        output.WriteLine($"setup {setupTime.Ms()} (API ready {api.StartupTime.Ms()} after its start)");
        output.WriteLine($"{seconds} s, {Clients} clients (list, detail, save, saved list, remove), {all.Count} requests = {all.Count / clock.Elapsed.TotalSeconds:F0}/s");
        output.WriteLine($"statuses: {all.Statuses()}");
        output.WriteLine($"latency: p50 {all.Percentile(50).Ms()}, p99 {all.Percentile(99).Ms()}, max {all.MaxLatency().Ms()}");
        output.WriteLine($"VmRSS: {memory.Count} samples, min {memory.Min(m => m.Kilobytes) / 1024.0:F1} MiB, max {memory.Max(m => m.Kilobytes) / 1024.0:F1} MiB; " +
            $"avg {seconds / 6}-{seconds / 3} s {baseline / 1024:F1} MiB, avg last {seconds - (seconds * 2 / 3)} s {final / 1024:F1} MiB (ratio {final / baseline:F2}, limit {MaxGrowth})");
        output.WriteLine($"VmRSS per 5 s (MiB): {string.Join(' ', memory.Where((_, i) => i % 5 == 0).Select(m => (m.Kilobytes / 1024.0).ToString("F0", CultureInfo.InvariantCulture)))}");
        foreach (var failure in all.Where(p => p.Status is null or >= 500).Take(10))
        {
            output.WriteLine($"  failed: {failure}");
        }

        Assert.False(api.HasExited);
        Assert.DoesNotContain(all, p => p.Status is null or >= 500);
        // Saves and removals alternate on distinct movies: everything is a plain success.
        Assert.All(all, p => Assert.True(p.Status is 200 or 201 or 204, $"Unexpected: {p}"));
        Assert.True(baseline > 0 && final > 0, "Too few memory samples.");
        Assert.True(final <= MaxGrowth * baseline, $"Resident memory grew from {baseline / 1024:F1} MiB to {final / 1024:F1} MiB.");
    }
}
