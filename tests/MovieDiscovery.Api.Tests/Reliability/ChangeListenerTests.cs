using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Infrastructure.Caching;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Npgsql;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Reliability;

/// <summary>
/// The catalogue change listener: a connection that stops answering is given up within its probe bound (the
/// cache goes dark), and after a failover it follows the promoted standby (the cache goes live again).
/// </summary>
[Collection(ReliabilityTests.Collection)]
public sealed class ChangeListenerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_connection_that_stops_answering_is_given_up_within_the_probe_interval_plus_its_5_s_timeout()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var server = new NpgsqlConnectionStringBuilder(database);
        await using var proxy = new FaultProxy(server.Host!, server.Port);
        await using var api = new ConnectionStringApiFactory(ReliabilityData.Via(database, proxy.Port));
        await api.InitializeAsync();
        var cache = api.Services.GetRequiredService<CatalogueResponseCache>();
        await Eventually.TrueAsync(() => cache.IsLive, TimeSpan.FromSeconds(10), "The change listener never connected.");

        proxy.SetMode(ProxyMode.BlackHole);
        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => !cache.IsLive, TimeSpan.FromSeconds(60), "The cache never went dark.");
        var darkAfter = clock.Elapsed;
        proxy.SetMode(ProxyMode.PassThrough);
        clock.Restart();
        await Eventually.TrueAsync(() => cache.IsLive, TimeSpan.FromSeconds(30), "The listener never reconnected.");
        output.WriteLine($"dark {darkAfter.TotalMilliseconds:F0} ms after the connection went silent; live again {clock.Elapsed.TotalMilliseconds:F0} ms after it came back");

        // At most one quiet probe interval (5 s), the probe's own timeout (5 s) and the cancel request Npgsql then
        // sends (up to the 2 s connect timeout), and a margin for a loaded machine.
        Assert.True(darkAfter < TimeSpan.FromSeconds(15), $"The listener noticed the silent connection only after {darkAfter.TotalSeconds:F1} s.");
    }

    [Fact]
    public async Task After_the_primary_is_lost_and_the_standby_promoted_the_listener_follows_it_and_changes_invalidate_the_cache_again()
    {
        await using var primary = await PostgresCluster.StartAsync();
        await using var standby = await PostgresStandby.StartAsync(primary);
        var database = await primary.CreateDatabaseAsync();
        var name = new NpgsqlConnectionStringBuilder(database).Database;
        await using var api = new ConnectionStringApiFactory($"Host=127.0.0.1:{primary.Port},127.0.0.1:{standby.Port};Username=postgres;Database={name}");
        await api.InitializeAsync();
        await standby.WaitCaughtUpAsync(primary, TimeSpan.FromSeconds(30));
        var cache = api.Services.GetRequiredService<CatalogueResponseCache>();
        await Eventually.TrueAsync(() => cache.IsLive, TimeSpan.FromSeconds(10), "The change listener never connected.");
        var client = api.CreateClient();
        const string Page = "/v1/movies?country=US&page_size=5";
        var movieId = (await client.GetAsync(Page).ShouldBeAsync(HttpStatusCode.OK)).Ids()[0];
        var user = await api.CreateUserAsync();
        using var owner = api.ClientFor(user);

        await primary.KillPostmasterAsync();
        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => !cache.IsLive, TimeSpan.FromSeconds(15), "The cache never went dark.");
        await standby.PromoteAsync();
        var promotedAt = clock.Elapsed;
        await Eventually.TrueAsync(() => cache.IsLive, TimeSpan.FromSeconds(30), "The listener never reconnected to the promoted standby.");
        var liveAt = clock.Elapsed;
        // Writes resume once Npgsql sees the promoted standby as the primary; idle pooled connections to the
        // lost primary fail once when next used (503, to be retried).
        var failures = 0;
        while ((await owner.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "US" })).StatusCode != HttpStatusCode.Created
            && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            failures++;
            await Task.Delay(100);
        }

        var writesAt = clock.Elapsed;
        await client.GetAsync(Page).ShouldBeAsync(HttpStatusCode.OK);
        var title = $"After failover {Guid.NewGuid():N}";
        await PostgresStandby.ScalarAsync<int>(standby.ConnectionStringFor(database), $"UPDATE movies SET title = '{title}' WHERE id = {movieId} RETURNING id");
        var changed = Stopwatch.StartNew();
        string? listed;
        do
        {
            listed = (await client.GetAsync(Page).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("data")[0].GetProperty("title").GetString();
        }
        while (listed != title && changed.Elapsed < TimeSpan.FromSeconds(5));

        output.WriteLine($"promoted {promotedAt.TotalMilliseconds:F0} ms after the primary died; cache live again at {liveAt.TotalMilliseconds:F0} ms; " +
            $"writes resumed at {writesAt.TotalMilliseconds:F0} ms ({failures} failed save(s) before); a change on the new primary was served after {changed.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(title, listed);
        Assert.True(changed.Elapsed < TimeSpan.FromSeconds(1), $"The change was served {changed.Elapsed.TotalMilliseconds:F0} ms after its commit.");
        Assert.True(liveAt - promotedAt < TimeSpan.FromSeconds(10), $"Live again {(liveAt - promotedAt).TotalSeconds:F1} s after the promotion.");
    }
}
