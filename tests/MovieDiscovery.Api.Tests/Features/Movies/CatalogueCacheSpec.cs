using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Infrastructure.Caching;
using Npgsql;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Features.Movies;

/// <summary>
/// On PostgreSQL, catalogue lists are served from memory until the catalogue changes: the tables'
/// triggers notify at commit, the listener empties the cache, and while that signal is lost nothing is
/// served from it.
/// </summary>
public sealed class CatalogueCacheOnPostgres(PostgresApiFactory factory, ITestOutputHelper output) : ApiSpec<PostgresApiFactory>(factory)
{
    private const string Page = "/v1/movies?country=US&page_size=5";

    private CatalogueResponseCache Cache => Factory.Services.GetRequiredService<CatalogueResponseCache>();

    [Fact]
    public async Task A_repeated_list_request_is_answered_without_the_database()
    {
        await WaitUntilAsync(() => Cache.IsLive, "the cache to go live");
        using var first = await Client.GetAsync(Page);
        var firstBody = await first.Content.ReadAsStringAsync();
        Factory.Commands.Reset();

        using var second = await Client.GetAsync(Page);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(0, Factory.Commands.Count);
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(ConditionalGetFilter.CacheControl, second.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_title_changed_by_another_connection_is_served_within_milliseconds_of_its_commit()
    {
        await WaitUntilAsync(() => Cache.IsLive, "the cache to go live");
        var movieId = (await GetJsonAsync(Page)).Ids()[0];
        var title = $"Retitled {Guid.NewGuid():N}";

        await ExecuteAsync($"UPDATE movies SET title = '{title}' WHERE id = {movieId}");
        var clock = Stopwatch.StartNew();
        string? served;
        do
        {
            served = (await GetJsonAsync(Page)).GetProperty("data")[0].GetProperty("title").GetString();
        }
        while (served != title && clock.Elapsed < TimeSpan.FromSeconds(5));

        output.WriteLine($"the new title was served {clock.Elapsed.TotalMilliseconds:F1} ms after the commit");
        Assert.Equal(title, served);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task While_the_change_signal_is_lost_nothing_is_served_from_the_cache_and_it_comes_back_empty()
    {
        await WaitUntilAsync(() => Cache.IsLive, "the cache to go live");
        var movieId = (await GetJsonAsync(Page)).Ids()[0];
        await GetJsonAsync(Page);

        await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{CatalogueChangeListener.ApplicationName}' AND datname = current_database()");
        await WaitUntilAsync(() => !Cache.IsLive, "the cache to go dark");
        // Made while nobody listens: its notification is lost.
        await ExecuteAsync($"UPDATE movies SET title = 'Changed While Dark' WHERE id = {movieId}");
        var whileDark = await GetJsonAsync(Page);
        await WaitUntilAsync(() => Cache.IsLive, "the listener to reconnect");
        var afterwards = await GetJsonAsync(Page);

        Assert.Equal("Changed While Dark", whileDark.GetProperty("data")[0].GetProperty("title").GetString());
        Assert.Equal("Changed While Dark", afterwards.GetProperty("data")[0].GetProperty("title").GetString());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // Test statements built from ids and a GUID the test made.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) =>
        Eventually.TrueAsync(condition, TimeSpan.FromSeconds(10), $"Waited 10 s for {what}.");
}

public sealed class CatalogueCacheOnSqlite(SqliteApiFactory factory) : ApiSpec<SqliteApiFactory>(factory)
{
    [Fact]
    public async Task Nothing_is_cached_because_nothing_would_say_when_the_file_changed()
    {
        using var first = await Client.GetAsync("/v1/movies?country=US&page_size=5");
        Factory.Commands.Reset();

        using var second = await Client.GetAsync("/v1/movies?country=US&page_size=5");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(Factory.Services.GetRequiredService<CatalogueResponseCache>().IsLive);
        Assert.True(Factory.Commands.Count > 0);
    }
}
