using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Infrastructure.Caching;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Npgsql;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Reliability;

/// <summary>
/// A standby listed in the connection string that is down (nothing listens) or unreachable (connections are
/// accepted and never answered): catalogue reads fall back to the primary, writes and readiness are unaffected.
/// </summary>
[Collection(ReliabilityTests.Collection)]
public sealed class StandbyUnavailableTests(ITestOutputHelper output)
{
    [Fact]
    public async Task With_the_listed_standby_down_every_read_and_write_is_answered_by_the_primary()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();

        // A long connect timeout, so that waiting for the standby would show.
        var timings = await ExerciseAsync(WithStandby(database, ChildProcesses.FreePort()) + ";Timeout=5");

        Assert.All(timings, t => Assert.True(t.Took < TimeSpan.FromSeconds(3), $"{t.Request} took {t.Took.TotalMilliseconds:F0} ms."));
    }

    [Fact]
    public async Task With_the_listed_standby_unreachable_reads_fall_back_to_the_primary_within_the_connect_timeout()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var server = new NpgsqlConnectionStringBuilder(database);
        await using var blackHole = new FaultProxy(server.Host!, server.Port);
        blackHole.SetMode(ProxyMode.BlackHole);

        var timings = await ExerciseAsync(WithStandby(database, blackHole.Port));

        // The first read that tries the standby waits out the connect timeout (2 s); Npgsql then skips it for a while.
        Assert.True(blackHole.Accepted > 0, "The standby was never tried.");
        Assert.All(timings, t => Assert.True(t.Took < TimeSpan.FromSeconds(4), $"{t.Request} took {t.Took.TotalMilliseconds:F0} ms."));
        Assert.All(timings.Skip(timings.FindIndex(t => t.Took > TimeSpan.FromSeconds(1)) + 1), t =>
            Assert.True(t.Took < TimeSpan.FromSeconds(1), $"{t.Request} took {t.Took.TotalMilliseconds:F0} ms after the standby was found unreachable."));
    }

    /// <summary>The database's primary first, then a "standby" on <paramref name="standbyPort"/>.</summary>
    private static string WithStandby(string database, int standbyPort)
    {
        var builder = new NpgsqlConnectionStringBuilder(database);
        return $"Host={builder.Host}:{builder.Port},127.0.0.1:{standbyPort};Username={builder.Username};Database={builder.Database}";
    }

    /// <summary>Starts the application over the connection string and times each kind of request, which must all succeed.</summary>
    private async Task<List<(string Request, TimeSpan Took)>> ExerciseAsync(string connectionString)
    {
        await using var api = new ConnectionStringApiFactory(connectionString);
        await api.InitializeAsync();
        var user = await api.CreateUserAsync();
        using var client = api.ClientFor(user);
        var cache = api.Services.GetRequiredService<CatalogueResponseCache>();
        await Eventually.TrueAsync(() => cache.IsLive, TimeSpan.FromSeconds(10), "The change listener never connected to the primary.");

        var requests = new (string Name, Func<Task> Send)[]
        {
            ("movie detail", () => client.GetAsync("/v1/movies/62").ShouldBeAsync(HttpStatusCode.OK)),
            ("genres", () => client.GetAsync("/v1/genres").ShouldBeAsync(HttpStatusCode.OK)),
            ("countries", () => client.GetAsync("/v1/countries").ShouldBeAsync(HttpStatusCode.OK)),
            ("movie list", () => client.GetAsync("/v1/movies?country=US&page_size=7").ShouldBeAsync(HttpStatusCode.OK)),
            ("another movie", () => client.GetAsync("/v1/movies/85").ShouldBeAsync(HttpStatusCode.OK)),
            ("save", () => client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = 62, country = "US" }).ShouldBeAsync(HttpStatusCode.Created)),
            ("saved list", () => client.GetAsync($"/v1/users/{user.Id}/saved-movies?country=US").ShouldBeAsync(HttpStatusCode.OK)),
            ("ready", () => client.GetAsync("/health/ready").ShouldBeAsync(HttpStatusCode.OK)),
            ("movie detail again", () => client.GetAsync("/v1/movies/120").ShouldBeAsync(HttpStatusCode.OK)),
        };
        var timings = new List<(string, TimeSpan)>();
        foreach (var (name, send) in requests)
        {
            var clock = Stopwatch.StartNew();
            await send();
            timings.Add((name, clock.Elapsed));
        }

        output.WriteLine(string.Join("\n", timings.Select(t => $"{t.Item1}: {t.Item2.TotalMilliseconds:F0} ms")));
        return timings;
    }
}
