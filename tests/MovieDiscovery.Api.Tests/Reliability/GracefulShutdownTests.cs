using System.Diagnostics;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Npgsql;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Reliability;

/// <summary>
/// SIGTERM, as an orchestrator sends it: the instance reports not-ready at once (so a load balancer takes it
/// out), keeps serving for the drain period, then refuses new connections, finishes what is in flight and
/// exits 0.
/// </summary>
[Collection(ReliabilityTests.Collection)]
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    /// <summary>Half the pool (8 connections by default), so the probes made meanwhile do not wait for a connection.</summary>
    private const int InFlight = 4;

    private static readonly TimeSpan s_drain = TimeSpan.FromSeconds(3);

    /// <summary>ASP.NET Core's default HostOptions.ShutdownTimeout.</summary>
    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long the proxy holds the database's answers to the in-flight requests: what makes them slow.</summary>
    private static readonly TimeSpan s_databaseDelay = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task On_SIGTERM_it_reports_not_ready_serves_through_the_drain_then_refuses_new_connections_finishes_in_flight_requests_and_exits_0()
    {
        var setup = Stopwatch.StartNew();
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var server = new NpgsqlConnectionStringBuilder(database);
        await using var proxy = new FaultProxy(server.Host!, server.Port);
        // A request that must open a connection through the slowed proxy needs more than the default 2 s connect timeout.
        var slowed = new NpgsqlConnectionStringBuilder(ReliabilityData.Via(database, proxy.Port)) { Timeout = 15 }.ConnectionString;
        var settings = ApiProcess.PostgresSettings(slowed, new Dictionary<string, string> { ["Shutdown__DrainSeconds"] = $"{s_drain.TotalSeconds}" });
        await using var api = await ApiProcess.StartAsync(settings);
        using var client = api.CreateClient(TimeSpan.FromSeconds(60));
        // A new connection for every probe, as a balancer's health check makes.
        using var fresh = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, ConnectTimeout = TimeSpan.FromSeconds(1) })
        {
            BaseAddress = api.BaseAddress,
            Timeout = TimeSpan.FromSeconds(5),
        };
        var movies = await ReliabilityData.MoviesAvailableInAsync(database, "US");
        var setupTime = setup.Elapsed;
        var clock = Stopwatch.StartNew();

        // Open as many pooled database connections as there will be requests, then hold the answers to those requests.
        var warm = await Task.WhenAll(Enumerable.Range(0, InFlight).Select(i => Probe.GetAsync(client, $"/v1/movies/{movies[i]}", clock)));
        Assert.All(warm, p => Assert.Equal(200, p.Status));
        proxy.SetMode(ProxyMode.Delay, s_databaseDelay);
        var queriesBefore = proxy.ChunksToServer;
        var inFlight = Enumerable.Range(0, InFlight).Select(i => Probe.GetAsync(client, $"/v1/movies/{movies[i]}", clock)).ToList();
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(10);
        while (proxy.ChunksToServer < queriesBefore + InFlight && clock.Elapsed < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(proxy.ChunksToServer >= queriesBefore + InFlight, "The slow requests never reached the database.");
        // The held answers stay held; anything new goes through at once.
        proxy.SetMode(ProxyMode.PassThrough);
        var termAt = clock.Elapsed;
        await api.TerminateAsync();

        // Every 100 ms until connections are refused: readiness, liveness and a catalogue read, each on a new connection.
        var rounds = new List<(TimeSpan At, Probe Ready, Probe Live, Probe Read)>();
        while (clock.Elapsed < termAt + s_drain + TimeSpan.FromSeconds(5))
        {
            var at = clock.Elapsed - termAt;
            var round = (at, await Probe.GetAsync(fresh, "/health/ready", clock), await Probe.GetAsync(fresh, "/health/live", clock),
                await Probe.GetAsync(fresh, $"/v1/movies/{movies[InFlight]}", clock));
            rounds.Add(round);
            if (!round.Item2.Answered && !round.Item3.Answered && !round.Item4.Answered)
            {
                break;
            }

            await Task.Delay(100);
        }

        var completed = await Task.WhenAll(inFlight).WaitAsync(s_shutdownTimeout + TimeSpan.FromSeconds(10));
        var exited = await api.WaitForExitAsync(s_shutdownTimeout + TimeSpan.FromSeconds(5));
        var exitAt = clock.Elapsed - termAt;
        var answered = rounds.Where(r => r.Ready.Answered).ToList();
        var notReadyAt = answered.Where(r => r.Ready.Status == 503).Select(r => (TimeSpan?)r.At).FirstOrDefault();
        var refusedAt = rounds.Where(r => !r.Ready.Answered).Select(r => (TimeSpan?)r.At).FirstOrDefault();

        output.WriteLine($"setup {setupTime.Ms()} (API ready {api.StartupTime.Ms()} after its start); SIGTERM at {termAt.Ms()}, drain {s_drain.TotalSeconds} s");
        foreach (var (at, ready, live, read) in rounds)
        {
            output.WriteLine($"  +{at.Ms()}: ready {Status(ready)}, live {Status(live)}, read {Status(read)}");
        }

        output.WriteLine($"in flight: {completed.Statuses()}, finished {string.Join(", ", completed.Select(p => (p.Ended - termAt).Ms()))} after SIGTERM");
        output.WriteLine($"exited: {exited}, code {(exited ? api.ExitCode : -1)}, {exitAt.Ms()} after SIGTERM");

        Assert.NotNull(notReadyAt);
        Assert.True(notReadyAt < TimeSpan.FromSeconds(1), $"Not ready only {notReadyAt?.Ms()} after SIGTERM.");
        Assert.All(answered.Where(r => r.At >= notReadyAt), r => Assert.Equal(503, r.Ready.Status));
        Assert.All(answered, r => Assert.Equal(200, r.Live.Status));
        Assert.All(rounds.Where(r => r.Read.Answered), r => Assert.Equal(200, r.Read.Status));
        Assert.Contains(rounds, r => r.Read.Status == 200 && r.At >= s_drain - TimeSpan.FromSeconds(1));
        Assert.NotNull(refusedAt);
        Assert.InRange(refusedAt!.Value, s_drain - TimeSpan.FromMilliseconds(200), s_drain + TimeSpan.FromSeconds(2));
        Assert.All(rounds.Where(r => !r.Read.Answered), r => Assert.Contains("ConnectionRefused", r.Read.Failure ?? "", StringComparison.Ordinal));
        Assert.All(completed, p => Assert.Equal(200, p.Status));
        Assert.True(exited, "The API did not exit after SIGTERM.");
        Assert.Equal(0, api.ExitCode);
        Assert.True(exitAt <= s_shutdownTimeout, $"Exit took {exitAt.Ms()}.");
    }

    private static string Status(Probe probe) => probe.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? probe.Failure ?? "?";
}
