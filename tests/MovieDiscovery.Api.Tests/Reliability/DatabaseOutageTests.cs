using System.Collections.Concurrent;
using System.Diagnostics;
using MovieDiscovery.Api.Infrastructure.Health;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Reliability;

/// <summary>The database crashes under read traffic and comes back; the API answers 503 meanwhile and heals alone.</summary>
[Collection(ReliabilityTests.Collection)]
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_downFor = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task While_the_postmaster_is_killed_reads_answer_503_fast_and_they_recover_without_restarting_the_api()
    {
        var setup = Stopwatch.StartNew();
        await using var cluster = await PostgresCluster.StartAsync();
        var database = await cluster.CreateDatabaseAsync();
        await using var api = await ApiProcess.StartAsync(ApiProcess.PostgresSettings(database));
        using var client = api.CreateClient(TimeSpan.FromSeconds(20));
        var movies = await ReliabilityData.MoviesAvailableInAsync(database, "US");
        var setupTime = setup.Elapsed;
        var clock = Stopwatch.StartNew();

        var probes = new ConcurrentQueue<Probe>();
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var url = worker % 2 == 0 ? $"/v1/movies/{movies[((n * 7) + worker) % movies.Count]}" : $"/v1/movies?country=US&page={1 + (n % 3)}";
                probes.Enqueue(await Probe.GetAsync(client, url, clock));
                await Task.Delay(25);
            }
        })).ToList();

        // Kill once reads are flowing (the first requests also warm the API up).
        var flowing = clock.Elapsed + TimeSpan.FromSeconds(20);
        while (probes.Count(p => p.Status == 200) < 40 && clock.Elapsed < flowing)
        {
            await Task.Delay(50);
        }

        var processesBefore = cluster.ServerProcesses();
        var killAt = clock.Elapsed;
        await cluster.KillPostmasterAsync();
        var downAt = clock.Elapsed;

        // Readiness reuses a healthy check for a moment (HealthEndpoints.ReadyReuse): probe after that.
        await Task.Delay(HealthEndpoints.ReadyReuse);
        var readiness = new List<Probe>();
        var aliveThroughout = true;
        while (clock.Elapsed < downAt + s_downFor)
        {
            readiness.Add(await Probe.GetAsync(client, "/health/ready", clock));
            aliveThroughout &= !api.HasExited;
            await Task.Delay(400);
        }

        var restartAt = clock.Elapsed;
        await cluster.StartAgainAsync(TimeSpan.FromSeconds(30));
        var upAt = clock.Elapsed;

        // Recovered: the first success of a request sent once the database was back.
        TimeSpan? recoveredAt = null;
        while (recoveredAt is null && clock.Elapsed < upAt + TimeSpan.FromSeconds(15))
        {
            recoveredAt = probes.Where(p => p.Started >= upAt && p.Status == 200).Select(p => (TimeSpan?)p.Ended).Min();
            await Task.Delay(100);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await stop.CancelAsync();
        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(30));
        var readyAfter = await Probe.GetAsync(client, "/health/ready", clock);
        aliveThroughout &= !api.HasExited;

        var all = probes.ToList();
        var before = all.Where(p => p.Ended <= killAt).ToList();
        var duringOutage = all.Where(p => p.Started >= downAt && p.Ended <= restartAt).ToList();
        var aroundOutage = all.Where(p => p.Ended > killAt && p.Started < upAt).ToList();
        var afterRecovery = all.Where(p => p.Started >= clock.Elapsed - TimeSpan.FromSeconds(2.5) && recoveredAt is { } r && p.Started > r).ToList();
        var stableAt = all.Where(p => p.Started >= upAt && p.Status != 200).Select(p => (TimeSpan?)p.Ended).Max() ?? recoveredAt;

        output.WriteLine($"setup {setupTime.Ms()} (API ready {api.StartupTime.Ms()} after its start)");
        output.WriteLine($"requests: {all.Count} in total ({all.Statuses()}); max latency {all.MaxLatency().Ms()}");
        output.WriteLine($"before the kill: {before.Count} ({before.Statuses()})");
        output.WriteLine($"kill → port refusing and all {processesBefore} server processes gone: {(downAt - killAt).Ms()}; database down for {(upAt - downAt).Ms()} (pg_ctl start took {(upAt - restartAt).Ms()})");
        output.WriteLine($"while down: {duringOutage.Count} requests ({duringOutage.Statuses()}); max latency {duringOutage.MaxLatency().Ms()}, p50 {duringOutage.Percentile(50).Ms()}");
        output.WriteLine($"from kill to database up (incl. in flight at the edges): {aroundOutage.Count} ({aroundOutage.Statuses()}); max latency {aroundOutage.MaxLatency().Ms()}");
        output.WriteLine($"/health/ready while down: {string.Join(", ", readiness.Select(p => $"{p.Status} in {p.Elapsed.Ms()}"))}; after: {readyAfter.Status}");
        output.WriteLine($"recovery after the database was up: first success {(recoveredAt - upAt)?.Ms() ?? "never"}, last failure ended {(stableAt - upAt)?.Ms() ?? "n/a"}");
        output.WriteLine($"after recovery: {afterRecovery.Count} requests ({afterRecovery.Statuses()})");
        output.WriteLine($"API process (pid {api.Pid}) alive throughout: {aliveThroughout}");
        foreach (var failure in all.Where(p => p.Status is not (200 or 503)).Take(10))
        {
            output.WriteLine($"  unexpected: {failure}");
        }

        Assert.True(processesBefore > 1, "The cluster's processes were not found: the outage would not be measured.");
        Assert.True(aliveThroughout, "The API process exited during the outage.");
        Assert.True(before.Count >= 40, $"Only {before.Count} reads before the kill.");
        Assert.All(before, p => Assert.Equal(200, p.Status));
        Assert.NotEmpty(duringOutage);
        Assert.All(duringOutage, p => Assert.True(p.IsServiceUnavailable, $"While down, expected 503 SERVICE_UNAVAILABLE in the envelope with Retry-After: {p}"));
        Assert.All(all, p => Assert.True(p.Status is 200 || p.IsServiceUnavailable, $"Only 200 or 503 SERVICE_UNAVAILABLE expected: {p}"));
        Assert.All(aroundOutage, p => Assert.True(p.Elapsed <= TimeSpan.FromSeconds(5), $"Answered in more than 5 s: {p}"));
        Assert.NotEmpty(readiness);
        Assert.All(readiness, p => Assert.True(p.Status == 503 && p.ErrorCode == "SERVICE_UNAVAILABLE", $"/health/ready while down: {p}"));
        Assert.NotNull(recoveredAt);
        Assert.True(stableAt - upAt <= TimeSpan.FromSeconds(10), $"Requests still failed {(stableAt - upAt)?.Ms()} after the database was back.");
        Assert.NotEmpty(afterRecovery);
        Assert.All(afterRecovery, p => Assert.Equal(200, p.Status));
        Assert.Equal(200, readyAfter.Status);
    }
}
