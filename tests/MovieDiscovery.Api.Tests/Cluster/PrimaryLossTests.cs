using System.Diagnostics;
using MovieDiscovery.Api.Tests.Cluster.Support;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Npgsql;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Cluster;

/// <summary>The primary dies (SIGKILL to its postmaster) under writes, and the standby is promoted (cluster.sh promote).</summary>
[Collection(ClusterTests.Collection)]
public sealed class PrimaryLossTests(FreshCluster fixture, ITestOutputHelper output) : IClassFixture<FreshCluster>
{
    private const int Users = 24;
    private const int Writers = 4;

    /// <summary>
    /// From the end of the promotion to the first acknowledged save (docs/cluster.md): the instances learn
    /// which server is now the primary when Npgsql checks the hosts' roles again, within its host recheck
    /// interval; with room for a busy machine.
    /// </summary>
    private static readonly TimeSpan s_writesResumeWithin = TimeSpan.FromSeconds(20);

    private readonly LocalCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task After_the_primary_is_lost_and_the_standby_promoted_writes_resume_the_listener_reconnects_and_the_cache_is_live_again()
    {
        var users = await ReliabilityData.CreateUsersAsync(_cluster.PrimaryConnectionString, Users);
        var movies = await ReliabilityData.MoviesAvailableInAsync(_cluster.PrimaryConnectionString, "US");
        var oldPrimary = _cluster.Status.Primary;
        var newPrimary = _cluster.Status.Standbys.Single();
        await _cluster.WarmUpAsync();
        var clock = Stopwatch.StartNew();
        var load = new SaveLoad(clock);
        var writing = load.RunAsync(_cluster.Balancer, users, movies, Writers);
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(60);
        while (load.AcknowledgedCount < 50 && clock.Elapsed < deadline)
        {
            await Task.Delay(10);
        }

        var killedAt = clock.Elapsed;
        var acknowledgedBeforeKill = load.Acknowledged.ToList();
        await ChildProcesses.SignalAsync(oldPrimary.Pid ?? throw new InvalidOperationException("The primary is not running."), "KILL");
        var oldPort = new NpgsqlConnectionStringBuilder(oldPrimary.ConnectionString).Port;
        while (!await ChildProcesses.IsRefusedAsync(oldPort, TimeSpan.FromSeconds(1)))
        {
            Assert.True(clock.Elapsed < killedAt + TimeSpan.FromSeconds(10), "The killed primary still accepts connections after 10 s.");
            await Task.Delay(20);
        }

        await _cluster.PromoteAsync();
        var promotedAt = clock.Elapsed;
        var resumedAt = await FirstSaveStartedAfterAsync(load, clock, promotedAt, promotedAt + TimeSpan.FromSeconds(60));
        var listeners = new List<int>();
        var listenersDeadline = clock.Elapsed + s_writesResumeWithin;
        while ((listeners = await ClusterSql.ListenerBackendsAsync(_cluster.PrimaryConnectionString)).Count < 3 && clock.Elapsed < listenersDeadline)
        {
            await Task.Delay(100);
        }

        var listenersAt = clock.Elapsed;
        load.Stop();
        await writing.WaitAsync(TimeSpan.FromSeconds(60));
        var ready = await Task.WhenAll(_cluster.Instances.Select(async instance =>
        {
            using var client = LocalCluster.Client(instance);
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return (int)response.StatusCode;
        }));
        // Every instance answers the catalogue again before the change whose travel is timed.
        await _cluster.WarmUpAsync();
        var title = $"Renamed {Guid.NewGuid():N}";
        await ClusterSql.RenameMovieAsync(_cluster.PrimaryConnectionString, await CatalogueWatch.FirstMovieAsync(_cluster.Balancer), title);
        var seen = await CatalogueWatch.FirstSeenAsync(_cluster.Instances, title, Stopwatch.StartNew(), TimeSpan.FromSeconds(10));
        var rows = await ReliabilityData.SavedPairsAsync(_cluster.PrimaryConnectionString, users);
        var lost = acknowledgedBeforeKill.Count(pair => !rows.ContainsKey(pair));

        output.WriteLine($"SIGKILL to the primary at {killedAt.Ms()} after {acknowledgedBeforeKill.Count} acknowledged saves; promotion done {(promotedAt - killedAt).Ms()} later");
        output.WriteLine($"first acknowledged save sent after the promotion: {(resumedAt - promotedAt)?.Ms() ?? "none within 60 s"} after it");
        output.WriteLine($"listeners on the new primary: {listeners.Count}, {(listenersAt - promotedAt).Ms()} after the promotion");
        output.WriteLine($"requests: {load.Attempts.Select(a => a.Probe).Statuses()}; readiness afterwards {string.Join(", ", ready)}");
        output.WriteLine($"saves acknowledged before the kill and missing on the new primary (asynchronous replication): {lost}");
        output.WriteLine($"a change after the promotion first served after: {string.Join(", ", seen.Select(s => s?.Ms() ?? "never"))}");

        Assert.Equal(newPrimary.ConnectionString, _cluster.Status.Primary.ConnectionString);
        Assert.Empty(_cluster.Status.Standbys);
        Assert.True(resumedAt - promotedAt <= s_writesResumeWithin, $"Writes resumed {(resumedAt - promotedAt)?.Ms() ?? "not within 60 s"} after the promotion.");
        Assert.Equal(3, listeners.Count);
        Assert.All(ready, status => Assert.Equal(200, status));
        Assert.All(seen, first => Assert.True(first <= TimeSpan.FromSeconds(1), $"An instance served the change after {first?.Ms() ?? "more than 10 s"}."));
        Assert.All(rows, row => Assert.Equal(1, row.Value));
        // While no primary answers, a save is refused as unavailable (503, retry later), never as a bug.
        Assert.DoesNotContain(load.Attempts, a => a.Probe.Status == 500);
    }

    /// <summary>When the first save that was sent after <paramref name="since"/> and acknowledged was sent.</summary>
    private static async Task<TimeSpan?> FirstSaveStartedAfterAsync(SaveLoad load, Stopwatch clock, TimeSpan since, TimeSpan deadline)
    {
        while (clock.Elapsed < deadline)
        {
            var first = load.Attempts.Where(a => a.Probe.Status == 201 && a.Probe.Started >= since).Select(a => (TimeSpan?)a.Probe.Started).Min();
            if (first is not null)
            {
                return first;
            }

            await Task.Delay(50);
        }

        return null;
    }
}
