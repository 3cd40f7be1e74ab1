using System.Diagnostics;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Npgsql;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Reliability;

/// <summary>SIGTERM, as an orchestrator sends it: in-flight requests finish, new connections are refused, exit 0.</summary>
[Collection(ReliabilityTests.Collection)]
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private const int InFlight = 8;

    /// <summary>ASP.NET Core's default HostOptions.ShutdownTimeout.</summary>
    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long the proxy holds each answer of the database: what makes the requests slow.</summary>
    private static readonly TimeSpan s_databaseDelay = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task On_SIGTERM_in_flight_requests_complete_new_connections_are_refused_and_the_process_exits_0()
    {
        var setup = Stopwatch.StartNew();
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var server = new NpgsqlConnectionStringBuilder(database);
        await using var proxy = new FaultProxy(server.Host!, server.Port);
        // A request that must open a connection through the slowed proxy needs more than the default 2 s connect timeout.
        var slowed = new NpgsqlConnectionStringBuilder(ReliabilityData.Via(database, proxy.Port)) { Timeout = 15 }.ConnectionString;
        await using var api = await ApiProcess.StartAsync(ApiProcess.PostgresSettings(slowed));
        using var client = api.CreateClient(TimeSpan.FromSeconds(60));
        var movies = await ReliabilityData.MoviesAvailableInAsync(database, "US");
        var setupTime = setup.Elapsed;
        var clock = Stopwatch.StartNew();

        // Open as many pooled database connections as there will be requests, then slow the database down.
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
        var termAt = clock.Elapsed;
        await api.TerminateAsync();

        // New connections: refused (not left hanging) once the listener is closed.
        var attempts = new List<(TimeSpan At, TimeSpan Took, bool Refused)>();
        while (clock.Elapsed < termAt + TimeSpan.FromSeconds(5))
        {
            var at = clock.Elapsed;
            var refused = await ChildProcesses.IsRefusedAsync(api.Port, TimeSpan.FromSeconds(1));
            attempts.Add((at, clock.Elapsed - at, refused));
            if (refused)
            {
                break;
            }

            await Task.Delay(20);
        }

        using var fresh = api.CreateClient(TimeSpan.FromSeconds(5));
        var afterTerm = await Probe.GetAsync(fresh, $"/v1/movies/{movies[0]}", clock);
        var completed = await Task.WhenAll(inFlight).WaitAsync(s_shutdownTimeout + TimeSpan.FromSeconds(10));
        var exited = await api.WaitForExitAsync(s_shutdownTimeout + TimeSpan.FromSeconds(5));
        var exitAt = clock.Elapsed;
        var refusedAt = attempts.Where(a => a.Refused).Select(a => (TimeSpan?)(a.At + a.Took)).FirstOrDefault();
        var firstDone = completed.Min(p => p.Ended);

        output.WriteLine($"setup {setupTime.Ms()} (API ready {api.StartupTime.Ms()} after its start)");
        output.WriteLine($"{InFlight} requests in flight (database answers held {s_databaseDelay.Ms()}); SIGTERM at {termAt.Ms()}");
        output.WriteLine($"in flight: {completed.Statuses()}, finished {string.Join(", ", completed.Select(p => (p.Ended - termAt).Ms()))} after SIGTERM");
        output.WriteLine($"new connections: {attempts.Count} attempt(s), first refused {(refusedAt - termAt)?.Ms() ?? "never"} after SIGTERM (first in-flight answer {(firstDone - termAt).Ms()} after), longest attempt {attempts.Max(a => a.Took).Ms()}");
        output.WriteLine($"a request on a new connection after that: {afterTerm.Failure ?? afterTerm.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture)} in {afterTerm.Elapsed.Ms()}");
        output.WriteLine($"exited: {exited}, code {(exited ? api.ExitCode : -1)}, {(exitAt - termAt).Ms()} after SIGTERM (shutdown timeout {s_shutdownTimeout.TotalSeconds} s)");

        Assert.All(completed, p => Assert.Equal(200, p.Status));
        Assert.NotNull(refusedAt);
        Assert.True(refusedAt < firstDone, "New connections were still accepted when the first in-flight request finished.");
        Assert.All(attempts, a => Assert.True(a.Took < TimeSpan.FromSeconds(1), "A connection attempt hung."));
        Assert.False(afterTerm.Answered);
        Assert.Contains("ConnectionRefused", afterTerm.Failure ?? "", StringComparison.Ordinal);
        Assert.True(afterTerm.Elapsed < TimeSpan.FromSeconds(1), $"Connecting after SIGTERM took {afterTerm.Elapsed.Ms()}.");
        Assert.True(exited, "The API did not exit after SIGTERM.");
        Assert.Equal(0, api.ExitCode);
        Assert.True(exitAt - termAt <= s_shutdownTimeout, $"Exit took {(exitAt - termAt).Ms()}.");
    }
}
