using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Infrastructure.Caching;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Npgsql;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Reliability;

/// <summary>A primary and a streaming standby, and the application over both through one multi-host connection string.</summary>
public sealed class PrimaryAndStandby : IAsyncLifetime
{
    public PostgresCluster Primary { get; private set; } = null!;

    public PostgresStandby Standby { get; private set; } = null!;

    /// <summary>The database on the primary alone.</summary>
    public string PrimaryDatabase { get; private set; } = "";

    /// <summary>The same database on the standby alone.</summary>
    public string StandbyDatabase { get; private set; } = "";

    public ConnectionStringApiFactory Api { get; private set; } = null!;

    /// <summary>Both hosts in one connection string, in the given order.</summary>
    public string BothHosts(bool standbyFirst = false)
    {
        var (first, second) = standbyFirst ? (Standby.Port, Primary.Port) : (Primary.Port, Standby.Port);
        var database = new NpgsqlConnectionStringBuilder(PrimaryDatabase).Database;
        return $"Host=127.0.0.1:{first},127.0.0.1:{second};Username=postgres;Database={database}";
    }

    public async Task InitializeAsync()
    {
        Primary = await PostgresCluster.StartAsync();
        Standby = await PostgresStandby.StartAsync(Primary);
        PrimaryDatabase = await Primary.CreateDatabaseAsync();
        StandbyDatabase = Standby.ConnectionStringFor(PrimaryDatabase);
        Api = new ConnectionStringApiFactory(BothHosts());
        await Api.InitializeAsync();
        await Standby.WaitCaughtUpAsync(Primary, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Standby.DisposeAsync();
        await Primary.DisposeAsync();
    }
}

/// <summary>
/// Catalogue reads go to a standby only while it has replayed every catalogue change the instance knows of;
/// the viewer's own data, writes and sign-in always go to the primary. Which server answered is read from
/// each server's <c>pg_stat_activity</c> (the last statement of every session).
/// </summary>
[Collection(ReliabilityTests.Collection)]
public sealed class StandbyReadsTests(PrimaryAndStandby cluster, ITestOutputHelper output) : IClassFixture<PrimaryAndStandby>
{
    private const string Page = "/v1/movies?country=US&page_size=5";

    private ConnectionStringApiFactory Api => cluster.Api;

    private CatalogueResponseCache Cache => Api.Services.GetRequiredService<CatalogueResponseCache>();

    [Fact]
    public async Task Catalogue_reads_are_served_by_the_standby_and_the_viewers_own_reads_and_writes_by_the_primary()
    {
        await Eventually.TrueAsync(() => Cache.IsLive, TimeSpan.FromSeconds(10), "The change listener never connected.");
        var user = await Api.CreateUserAsync();
        using var client = Api.ClientFor(user);
        Assert.True(await ReadsReachStandbyAsync(client, 62), "Catalogue reads never reached the standby.");
        var saves = $"/v1/users/{user.Id}/saved-movies";

        var byStandby = new Dictionary<string, bool>
        {
            ["genres"] = await AnsweredByStandbyAsync(() => client.GetAsync($"/v1/genres?page_size={Random.Shared.Next(2, 100)}").ShouldBeAsync(HttpStatusCode.OK)),
            ["countries"] = await AnsweredByStandbyAsync(() => client.GetAsync($"/v1/countries?page_size={Random.Shared.Next(2, 100)}").ShouldBeAsync(HttpStatusCode.OK)),
            ["movie list"] = await AnsweredByStandbyAsync(() => client.GetAsync($"/v1/movies?country=GB&page_size={Random.Shared.Next(2, 100)}").ShouldBeAsync(HttpStatusCode.OK)),
            ["movie detail"] = await AnsweredByStandbyAsync(() => client.GetAsync("/v1/movies/62").ShouldBeAsync(HttpStatusCode.OK)),
            ["save"] = await AnsweredByStandbyAsync(() => client.PostAsJsonAsync(saves, new { movie_id = 62, country = "US" }).ShouldBeAsync(HttpStatusCode.Created)),
            ["saved list"] = await AnsweredByStandbyAsync(() => client.GetAsync($"{saves}?country=US").ShouldBeAsync(HttpStatusCode.OK)),
            ["saved movie"] = await AnsweredByStandbyAsync(() => client.GetAsync($"{saves}/62").ShouldBeAsync(HttpStatusCode.OK)),
            ["me"] = await AnsweredByStandbyAsync(() => client.GetAsync("/v1/me").ShouldBeAsync(HttpStatusCode.OK)),
            ["sign-in"] = await AnsweredByStandbyAsync(() =>
                client.PostAsJsonAsync("/v1/auth/token", new { email = user.Email, password = user.Password }).ShouldBeAsync(HttpStatusCode.OK)),
            ["remove"] = await AnsweredByStandbyAsync(() => client.DeleteAsync($"{saves}/62").ShouldBeAsync(HttpStatusCode.NoContent)),
        };
        output.WriteLine(string.Join("\n", byStandby.Select(r => $"{r.Key}: {(r.Value ? "standby" : "primary")}")));

        Assert.Equal(["genres", "countries", "movie list", "movie detail"], byStandby.Where(r => r.Value).Select(r => r.Key));
    }

    [Fact]
    public async Task A_change_is_served_within_a_second_while_the_standby_replays_it_late_and_reads_go_back_to_the_standby_once_it_has()
    {
        await Eventually.TrueAsync(() => Cache.IsLive, TimeSpan.FromSeconds(10), "The change listener never connected.");
        var client = Api.CreateClient();
        var movieId = (await client.GetAsync(Page).ShouldBeAsync(HttpStatusCode.OK)).Ids()[0];
        var oldTitle = await TitleOnAsync(cluster.StandbyDatabase, movieId);
        await client.GetAsync($"/v1/movies/{movieId}").ShouldBeAsync(HttpStatusCode.OK);
        await cluster.Standby.SetApplyDelayAsync(TimeSpan.FromSeconds(2));
        try
        {
            var title = $"Retitled {Guid.NewGuid():N}";
            await ExecuteAsync(cluster.PrimaryDatabase, $"UPDATE movies SET title = '{title}' WHERE id = {movieId}");
            var clock = Stopwatch.StartNew();
            var (detail, listed) = ("", "");
            while ((detail != title || listed != title) && clock.Elapsed < TimeSpan.FromSeconds(5))
            {
                detail = (await client.GetAsync($"/v1/movies/{movieId}").ShouldBeAsync(HttpStatusCode.OK)).GetProperty("title").GetString()!;
                listed = (await client.GetAsync(Page).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("data")[0].GetProperty("title").GetString()!;
            }

            var servedAfter = clock.Elapsed;
            var standbyMeanwhile = await TitleOnAsync(cluster.StandbyDatabase, movieId);
            var served = new List<string>();
            while (await TitleOnAsync(cluster.StandbyDatabase, movieId) != title && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                served.Add((await client.GetAsync($"/v1/movies/{movieId}").ShouldBeAsync(HttpStatusCode.OK)).GetProperty("title").GetString()!);
                served.Add((await client.GetAsync(Page).ShouldBeAsync(HttpStatusCode.OK)).GetProperty("data")[0].GetProperty("title").GetString()!);
            }

            var replayedAfter = clock.Elapsed;
            var backOnStandby = await ReadsReachStandbyAsync(client, movieId);
            output.WriteLine($"served {servedAfter.TotalMilliseconds:F0} ms after the commit; the standby replayed it after {replayedAfter.TotalMilliseconds:F0} ms; " +
                $"{served.Count} reads in between; reads back on the standby: {backOnStandby}");

            Assert.Equal(title, detail);
            Assert.Equal(title, listed);
            Assert.True(servedAfter < TimeSpan.FromSeconds(1), $"The new title was served {servedAfter.TotalMilliseconds:F0} ms after the commit.");
            Assert.Equal(oldTitle, standbyMeanwhile);
            Assert.All(served, s => Assert.Equal(title, s));
            Assert.True(backOnStandby, "Once the standby had replayed the change, catalogue reads did not go back to it.");
        }
        finally
        {
            await cluster.Standby.SetApplyDelayAsync(TimeSpan.Zero);
            await cluster.Standby.WaitCaughtUpAsync(cluster.Primary, TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task A_change_made_while_the_listener_was_disconnected_is_not_read_from_a_standby_that_has_not_replayed_it()
    {
        await Eventually.TrueAsync(() => Cache.IsLive, TimeSpan.FromSeconds(10), "The change listener never connected.");
        var client = Api.CreateClient();
        var movieId = (await client.GetAsync("/v1/movies?country=DE&page_size=5").ShouldBeAsync(HttpStatusCode.OK)).Ids()[0];
        await cluster.Standby.SetApplyDelayAsync(TimeSpan.FromSeconds(4));
        try
        {
            await ExecuteAsync(cluster.PrimaryDatabase,
                $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{CatalogueChangeListener.ApplicationName}' AND datname = current_database()");
            await Eventually.TrueAsync(() => !Cache.IsLive, TimeSpan.FromSeconds(10), "The cache never went dark.");
            var title = $"Changed while dark {Guid.NewGuid():N}";
            await ExecuteAsync(cluster.PrimaryDatabase, $"UPDATE movies SET title = '{title}' WHERE id = {movieId}");
            var clock = Stopwatch.StartNew();
            var whileDark = (await client.GetAsync($"/v1/movies/{movieId}").ShouldBeAsync(HttpStatusCode.OK)).GetProperty("title").GetString();
            await Eventually.TrueAsync(() => Cache.IsLive, TimeSpan.FromSeconds(10), "The listener never reconnected.");
            var afterReconnect = (await client.GetAsync($"/v1/movies/{movieId}").ShouldBeAsync(HttpStatusCode.OK)).GetProperty("title").GetString();
            var standbyThen = await TitleOnAsync(cluster.StandbyDatabase, movieId);
            output.WriteLine($"live again {clock.Elapsed.TotalMilliseconds:F0} ms after the change; the standby then had \"{standbyThen}\"");

            Assert.Equal(title, whileDark);
            Assert.Equal(title, afterReconnect);
            Assert.NotEqual(title, standbyThen);
        }
        finally
        {
            await cluster.Standby.SetApplyDelayAsync(TimeSpan.Zero);
            await cluster.Standby.WaitCaughtUpAsync(cluster.Primary, TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task The_change_listener_and_writes_reach_the_primary_even_when_the_standby_is_listed_first()
    {
        await using var api = new ConnectionStringApiFactory(cluster.BothHosts(standbyFirst: true));
        await api.InitializeAsync();
        var cache = api.Services.GetRequiredService<CatalogueResponseCache>();
        await Eventually.TrueAsync(() => cache.IsLive, TimeSpan.FromSeconds(10), "The change listener never connected.");
        var user = await api.CreateUserAsync();
        using var client = api.ClientFor(user);

        await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = 85, country = "US" }).ShouldBeAsync(HttpStatusCode.Created);
        await client.GetAsync("/v1/movies/85").ShouldBeAsync(HttpStatusCode.OK);
        var listenersOnPrimary = await ListenersAsync(cluster.PrimaryDatabase);
        var listenersOnStandby = await ListenersAsync(cluster.StandbyDatabase);

        Assert.True(listenersOnPrimary >= 1, "No change listener on the primary.");
        Assert.Equal(0, listenersOnStandby);
    }

    /// <summary>Whether the standby ran a statement for <paramref name="request"/> (it has no other client).</summary>
    private async Task<bool> AnsweredByStandbyAsync(Func<Task> request)
    {
        var since = await ServerNowAsync(cluster.StandbyDatabase);
        await request();
        return (await StatementsSinceAsync(cluster.StandbyDatabase, since)).Count > 0;
    }

    /// <summary>Whether uncached detail reads reach the standby again (within a couple of seconds).</summary>
    private async Task<bool> ReadsReachStandbyAsync(HttpClient client, int movieId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTime.UtcNow < deadline)
        {
            var since = await ServerNowAsync(cluster.StandbyDatabase);
            await client.GetAsync($"/v1/movies/{movieId}").ShouldBeAsync(HttpStatusCode.OK);
            if ((await StatementsSinceAsync(cluster.StandbyDatabase, since)).Any(s => s.Contains("LATERAL", StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static Task<DateTime> ServerNowAsync(string database) => PostgresStandby.ScalarAsync<DateTime>(database, "SELECT clock_timestamp()");

    private static Task<string> TitleOnAsync(string database, int movieId) =>
        PostgresStandby.ScalarAsync<string>(database, $"SELECT title FROM movies WHERE id = {movieId}");

    private static async Task<long> ListenersAsync(string database) => await PostgresStandby.ScalarAsync<long>(database,
        $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{CatalogueChangeListener.ApplicationName}' AND datname = current_database()");

    /// <summary>The last statement of every other session on the database that ran one since <paramref name="since"/> (that server's clock).</summary>
    private static async Task<List<string>> StatementsSinceAsync(string database, DateTime since)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT query FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND query_start >= $1",
            connection);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = since });
        var statements = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            statements.Add(reader.GetString(0).ReplaceLineEndings(" "));
        }

        return statements;
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // Test statements built from ids and a GUID the test made.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }
}
