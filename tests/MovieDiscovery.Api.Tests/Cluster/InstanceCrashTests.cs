using System.Diagnostics;
using MovieDiscovery.Api.Tests.Cluster.Support;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Cluster;

/// <summary>One of the three instances dies (SIGKILL) while viewers save movies through the balancer.</summary>
[Collection(ClusterTests.Collection)]
public sealed class InstanceCrashTests(FreshCluster fixture, ITestOutputHelper output) : IClassFixture<FreshCluster>
{
    private const int Users = 24;
    private const int Writers = 8;

    /// <summary>Two failed health checks a second apart (deploy/haproxy/haproxy.cfg), with room for a busy machine.</summary>
    private static readonly TimeSpan s_markedDownWithin = TimeSpan.FromSeconds(5);

    private readonly LocalCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task Saves_survive_an_instance_killed_under_load_once_each_and_the_balancer_stops_failing_once_it_marks_it_down()
    {
        var users = await ReliabilityData.CreateUsersAsync(_cluster.PrimaryConnectionString, Users);
        var movies = await ReliabilityData.MoviesAvailableInAsync(_cluster.PrimaryConnectionString, "US");
        var victim = _cluster.Status.Apis[0].Pid ?? throw new InvalidOperationException("Instance 1 is not running.");
        await _cluster.WarmUpAsync();
        var clock = Stopwatch.StartNew();
        var load = new SaveLoad(clock);
        var writing = load.RunAsync(_cluster.Balancer, users, movies, Writers);

        var deadline = clock.Elapsed + TimeSpan.FromSeconds(60);
        while (load.AcknowledgedCount < 100 && clock.Elapsed < deadline && !writing.IsCompleted)
        {
            await Task.Delay(10);
        }

        var killedAt = clock.Elapsed;
        var acknowledgedBeforeKill = load.AcknowledgedCount;
        await ChildProcesses.SignalAsync(victim, "KILL");
        var markedDownAt = await MarkedDownAsync(clock, killedAt + TimeSpan.FromSeconds(30));
        // Load goes on after the balancer has given up on the instance.
        while (clock.Elapsed < (markedDownAt ?? killedAt) + TimeSpan.FromSeconds(3) && !writing.IsCompleted)
        {
            await Task.Delay(20);
        }

        load.Stop();
        await writing.WaitAsync(TimeSpan.FromSeconds(60));

        var rows = await ReliabilityData.SavedPairsAsync(_cluster.PrimaryConnectionString, users);
        var attempts = load.Attempts.ToList();
        var acknowledged = load.Acknowledged.ToList();
        var resent = attempts.Where(a => a.Attempt > 1).ToList();
        var failures = attempts.Where(a => SaveLoad.Failed(a.Probe)).ToList();
        var failuresAfterMarkedDown = failures.Where(a => a.Probe.Started > markedDownAt).ToList();
        var answered = attempts.Where(a => a.Probe.Status is 201 or 409).Select(a => (a.User, a.Movie)).ToHashSet();
        var neverAnswered = attempts.Select(a => (a.User, a.Movie)).Distinct().Where(pair => !answered.Contains(pair)).ToList();
        output.WriteLine($"{attempts.Count} requests ({attempts.Select(a => a.Probe).Statuses()}); SIGKILL to instance 1 at {killedAt.Ms()} after {acknowledgedBeforeKill} acknowledged saves");
        output.WriteLine($"marked DOWN by the balancer {(markedDownAt - killedAt)?.Ms() ?? "never"} after the kill");
        output.WriteLine($"failed attempts: {failures.Count} ({failures.Select(a => a.Probe).Statuses()}), started after DOWN: {failuresAfterMarkedDown.Count}");
        output.WriteLine($"resent: {resent.Count} ({resent.Select(a => a.Probe).Statuses()}); rows {rows.Count}, duplicates {rows.Count(r => r.Value != 1)}");

        Assert.True(markedDownAt - killedAt <= s_markedDownWithin, $"The balancer marked the killed instance down after {(markedDownAt - killedAt)?.Ms() ?? "more than 30 s"}.");
        Assert.All(acknowledged, pair => Assert.Equal(1, rows.GetValueOrDefault(pair)));
        Assert.All(rows, row => Assert.Equal(1, row.Value));
        // A save resent after a failure finds what the failed one left: 201 if it never committed, 409 if it did.
        Assert.All(resent.Where(a => !SaveLoad.Failed(a.Probe)), a => Assert.Contains(a.Probe.Status, new int?[] { 201, 409 }));
        Assert.DoesNotContain(attempts, a => a.Attempt == 1 && !SaveLoad.Failed(a.Probe) && a.Probe.Status != 201);
        Assert.Empty(failuresAfterMarkedDown);
        Assert.DoesNotContain(attempts, a => a.Probe.Status == 500);
        Assert.Empty(neverAnswered);
        Assert.All(answered, pair => Assert.Equal(1, rows.GetValueOrDefault(pair)));
        Assert.All(rows.Keys, pair => Assert.Contains(pair, answered));
    }

    /// <summary>When the balancer's health checks first call instance 1 DOWN (its runtime API, polled).</summary>
    private async Task<TimeSpan?> MarkedDownAsync(Stopwatch clock, TimeSpan deadline)
    {
        while (clock.Elapsed < deadline)
        {
            if (await _cluster.BalancerViewAsync(1) == "DOWN")
            {
                return clock.Elapsed;
            }

            await Task.Delay(20);
        }

        return null;
    }
}
