using System.Diagnostics;
using MovieDiscovery.Api.Tests.Cluster.Support;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Cluster;

/// <summary>The standby goes away while viewers browse: the catalogue is read from the primary instead.</summary>
[Collection(ClusterTests.Collection)]
public sealed class StandbyLossTests(FreshCluster fixture, ITestOutputHelper output) : IClassFixture<FreshCluster>
{
    private const int Readers = 6;
    private readonly LocalCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task When_the_standby_stops_reads_keep_answering_readiness_stays_200_and_the_cache_stays_live()
    {
        var movies = await ReliabilityData.MoviesAvailableInAsync(_cluster.PrimaryConnectionString, "US");
        var listenersBefore = await ClusterSql.ListenerBackendsAsync(_cluster.PrimaryConnectionString);
        var standby = _cluster.Status.Standbys.Single().Pid ?? throw new InvalidOperationException("The standby is not running.");
        await _cluster.WarmUpAsync();
        var clock = Stopwatch.StartNew();
        var load = new ReadLoad(clock);
        var reading = load.RunAsync(_cluster.Balancer, _cluster.Instances, movies, Readers);

        await Task.Delay(TimeSpan.FromSeconds(2));
        var sessionsOnStandby = await ClusterSql.ServiceSessionsAsync(_cluster.StandbyConnectionString);
        var stopAt = clock.Elapsed;
        // SIGINT to the postmaster: PostgreSQL's fast shutdown, its sessions cut off.
        await ChildProcesses.SignalAsync(standby, "INT");
        await Eventually.TrueAsync(() => !Directory.Exists($"/proc/{standby}"), TimeSpan.FromSeconds(30), "The standby did not stop within 30 s.");
        var stoppedAt = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(4));
        load.Stop();
        await reading.WaitAsync(TimeSpan.FromSeconds(30));

        var listenersAfter = await ClusterSql.ListenerBackendsAsync(_cluster.PrimaryConnectionString);
        var title = $"Renamed {Guid.NewGuid():N}";
        await ClusterSql.RenameMovieAsync(_cluster.PrimaryConnectionString, await CatalogueWatch.FirstMovieAsync(_cluster.Instances[0]), title);
        var seen = await CatalogueWatch.FirstSeenAsync(_cluster.Instances, title, Stopwatch.StartNew(), TimeSpan.FromSeconds(10));

        // In flight: not finished when the stop began, and started before the standby was gone.
        var before = load.Reads.Where(p => p.Ended < stopAt).ToList();
        var inFlight = load.Reads.Where(p => p.Ended >= stopAt && p.Started < stoppedAt).ToList();
        var after = load.Reads.Where(p => p.Started >= stoppedAt).ToList();
        var notReady = load.Readiness.Where(r => r.Probe.Status != 200).ToList();
        output.WriteLine($"service sessions on the standby before it stopped: {sessionsOnStandby}; it took {(stoppedAt - stopAt).Ms()} to stop");
        output.WriteLine($"reads before: {before.Statuses()}; in flight at the stop: {inFlight.Statuses()}; after: {after.Statuses()} (slowest {after.MaxLatency().Ms()})");
        output.WriteLine($"readiness probes: {load.Readiness.Select(r => r.Probe).Statuses()}");
        output.WriteLine($"listener sessions on the primary before {string.Join(',', listenersBefore)}, after {string.Join(',', listenersAfter)}");
        output.WriteLine($"a change after the stop first served after: {string.Join(", ", seen.Select(s => s?.Ms() ?? "never"))}");

        Assert.True(sessionsOnStandby > 0, "No instance read from the standby: its loss proves nothing.");
        Assert.All(before, p => Assert.Equal(200, p.Status));
        Assert.All(inFlight, p => Assert.Contains(p.Status, new int?[] { 200, 503 }));
        Assert.NotEmpty(after);
        Assert.All(after, p => Assert.Equal(200, p.Status));
        Assert.Empty(notReady);
        Assert.Equal(3, listenersBefore.Count);
        Assert.Equal(listenersBefore, listenersAfter);
        Assert.All(seen, first => Assert.True(first <= TimeSpan.FromSeconds(1), $"An instance served the change after {first?.Ms() ?? "more than 10 s"}."));
    }
}
