using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Tests.Features.Availability;

/// <summary>
/// A window that ends or starts a few seconds into the test: with no write and no restart, every rule that says
/// "available" (the list and its exact total, the detail's countries, the saved list's country filter, the save's
/// 422 and the batch) changes within a second of the boundary, cached (PostgreSQL) or not.
/// </summary>
public abstract class WindowBoundarySpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    private const string Country = "DE";

    /// <summary>What the issue allows between a boundary and every answer that follows it.</summary>
    private static readonly TimeSpan s_withinBoundary = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_window_that_ends_during_the_test_leaves_the_list_total_detail_saved_list_and_save_within_a_second()
    {
        var movieId = (await Factory.AvailableInAsync(Country))[5];
        var owner = await Factory.CreateUserAsync();
        var ownerClient = Factory.ClientFor(owner);
        await ownerClient.PostAsJsonAsync($"/v1/users/{owner.Id}/saved-movies", new { movie_id = movieId, country = Country })
            .ShouldBeAsync(HttpStatusCode.Created);
        var until = WholeMilliseconds(DateTime.UtcNow.AddSeconds(4));
        await AddWindowAsync(movieId, null, until, replace: true);

        var (listed, total) = await ListAllAsync();
        var item = listed.Single(m => m.GetProperty("id").GetInt32() == movieId);
        Assert.Equal(until, item.GetProperty("available_until").GetDateTime().ToUniversalTime());
        Assert.EndsWith("Z", item.GetProperty("available_until").GetString());
        var detail = await GetJsonAsync($"/v1/movies/{movieId}");
        Assert.Contains(Country, Countries(detail));
        var window = detail.GetProperty("availability").EnumerateArray().Single(w => w.GetProperty("country").GetString() == Country);
        Assert.Equal(JsonValueKind.Null, window.GetProperty("available_from").ValueKind);
        Assert.Equal(until, window.GetProperty("available_until").GetDateTime().ToUniversalTime());
        Assert.EndsWith("Z", window.GetProperty("available_until").GetString());
        var savedTotal = (await SavedListAsync(ownerClient, owner.Id)).GetProperty("total").GetInt32();
        var viewer = await Factory.CreateUserAsync();
        var viewerClient = Factory.ClientFor(viewer);

        await WaitUntilAsync(until);
        var boundary = Stopwatch.StartNew();
        await WithinBoundaryAsync(boundary, async () =>
        {
            var (after, afterTotal) = await ListAllAsync();
            var saved = await SavedListAsync(ownerClient, owner.Id);
            var countries = Countries(await GetJsonAsync($"/v1/movies/{movieId}"));
            return after.All(m => m.GetProperty("id").GetInt32() != movieId) && afterTotal == total - 1
                && !countries.Contains(Country)
                && !saved.Ids().Contains(movieId) && saved.GetProperty("total").GetInt32() == savedTotal - 1;
        });

        var asked = boundary.Elapsed;
        using var save = await viewerClient.PostAsJsonAsync($"/v1/users/{viewer.Id}/saved-movies", new { movie_id = movieId, country = Country });
        var details = await save.ShouldFail(HttpStatusCode.UnprocessableEntity, "UNAVAILABLE_IN_COUNTRY");
        Assert.DoesNotContain(Country, details.GetProperty("available_in").EnumerateArray().Select(c => c.GetString()));
        var batch = await viewerClient.PostAsJsonAsync($"/v1/users/{viewer.Id}/saved-movies/batch", new { country = Country, save = new[] { movieId } })
            .ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(422, batch.GetProperty("data")[0].GetProperty("status").GetInt32());
        Assert.True(asked <= s_withinBoundary, $"The save was asked only {asked} after the window's end.");
    }

    [Fact]
    public async Task A_window_that_starts_during_the_test_enters_the_list_total_detail_and_save_within_a_second()
    {
        var movieId = (await Factory.UnavailableInAsync(Country))[1];
        var from = WholeMilliseconds(DateTime.UtcNow.AddSeconds(4));
        await AddWindowAsync(movieId, from, null);

        var (listed, total) = await ListAllAsync();
        Assert.DoesNotContain(listed, m => m.GetProperty("id").GetInt32() == movieId);
        var detail = await GetJsonAsync($"/v1/movies/{movieId}");
        Assert.DoesNotContain(Country, Countries(detail));
        var upcoming = detail.GetProperty("availability").EnumerateArray().Single(w => w.GetProperty("country").GetString() == Country);
        Assert.Equal(from, upcoming.GetProperty("available_from").GetDateTime().ToUniversalTime());
        Assert.Equal(JsonValueKind.Null, upcoming.GetProperty("available_until").ValueKind);

        var viewer = await Factory.CreateUserAsync();
        var viewerClient = Factory.ClientFor(viewer);
        await WaitUntilAsync(from);
        var boundary = Stopwatch.StartNew();
        await WithinBoundaryAsync(boundary, async () =>
        {
            var (after, afterTotal) = await ListAllAsync();
            var countries = Countries(await GetJsonAsync($"/v1/movies/{movieId}"));
            return after.Any(m => m.GetProperty("id").GetInt32() == movieId
                    && m.GetProperty("available_until").ValueKind == JsonValueKind.Null)
                && afterTotal == total + 1 && countries.Contains(Country);
        });

        var asked = boundary.Elapsed;
        await viewerClient.PostAsJsonAsync($"/v1/users/{viewer.Id}/saved-movies", new { movie_id = movieId, country = Country })
            .ShouldBeAsync(HttpStatusCode.Created);
        Assert.True(asked <= s_withinBoundary, $"The save was asked only {asked} after the window's start.");
    }

    [Fact]
    public async Task A_window_that_has_ended_is_neither_current_nor_upcoming()
    {
        var movieId = (await Factory.UnavailableInAsync(Country))[2];
        await AddWindowAsync(movieId, DateTime.UtcNow.AddDays(-20), DateTime.UtcNow.AddDays(-10));
        await AddWindowAsync(movieId, DateTime.UtcNow.AddDays(100), null);

        var detail = await GetJsonAsync($"/v1/movies/{movieId}");

        Assert.DoesNotContain(Country, Countries(detail));
        Assert.DoesNotContain(detail.GetProperty("availability").EnumerateArray(), w => w.GetProperty("country").GetString() == Country);
    }

    /// <summary>
    /// "Leaving within a day" changes as time passes, with no boundary and no write: a window that ends a day and a few
    /// seconds from now enters the list and its total a few seconds later (so the answer is never served from a cache
    /// that only hears of catalogue changes).
    /// </summary>
    [Fact]
    public async Task A_list_within_days_follows_the_passing_of_time_with_no_write()
    {
        var movieId = (await Factory.AvailableInAsync(Country))[7];
        var until = WholeMilliseconds(DateTime.UtcNow.AddDays(1).AddSeconds(3));
        await AddWindowAsync(movieId, null, until, replace: true);
        const string Leaving = $"/v1/movies?country={Country}&leaving_within_days=1&sort=leaving&page_size=100";

        var before = await GetJsonAsync(Leaving);
        Assert.DoesNotContain(movieId, before.Ids());

        await WaitUntilAsync(until.AddDays(-1));
        var boundary = Stopwatch.StartNew();
        await WithinBoundaryAsync(boundary, async () =>
        {
            var after = await GetJsonAsync(Leaving);
            return after.Ids().Contains(movieId) && after.GetProperty("total").GetInt32() == before.GetProperty("total").GetInt32() + 1;
        });
    }

    private static DateTime WholeMilliseconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static string?[] Countries(JsonElement detail) => [.. detail.GetProperty("countries").EnumerateArray().Select(c => c.GetString())];

    /// <summary>Adds a window to the pair; <paramref name="replace"/> removes its windows first (the demo seed gives it some).</summary>
    private Task<int> AddWindowAsync(int movieId, DateTime? from, DateTime? until, bool replace = false) => Factory.ChangeCatalogueAsync(async db =>
    {
        if (replace)
        {
            await db.AvailabilityWindows.Where(w => w.MovieId == movieId && w.CountryCode == Country).ExecuteDeleteAsync();
        }

        db.AvailabilityWindows.Add(new AvailabilityWindow { MovieId = movieId, CountryCode = Country, AvailableFrom = from, AvailableUntil = until });
        return await db.SaveChangesAsync();
    });

    private static async Task WaitUntilAsync(DateTime utc)
    {
        var left = utc - DateTime.UtcNow;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
    }

    /// <summary>Asks again and again until <paramref name="changed"/>, failing when a second has passed since the boundary.</summary>
    private static async Task WithinBoundaryAsync(Stopwatch boundary, Func<Task<bool>> changed)
    {
        while (!await changed())
        {
            Assert.True(boundary.Elapsed <= s_withinBoundary, $"Still unchanged {boundary.Elapsed} after the boundary.");
            await Task.Delay(50);
        }

        Assert.True(boundary.Elapsed <= s_withinBoundary, $"Changed only {boundary.Elapsed} after the boundary.");
    }

    private async Task<(List<JsonElement> Movies, int Total)> ListAllAsync()
    {
        var movies = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var json = await GetJsonAsync($"/v1/movies?country={Country}&page={page}&page_size=100");
            var data = json.GetProperty("data").EnumerateArray().ToList();
            movies.AddRange(data);
            if (data.Count < 100)
            {
                return (movies, json.GetProperty("total").GetInt32());
            }
        }
    }

    private static async Task<JsonElement> SavedListAsync(HttpClient client, int userId)
    {
        using var response = await client.GetAsync($"/v1/users/{userId}/saved-movies?country={Country}&page_size=100");
        return await response.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class WindowBoundaryOnSqlite(SqliteApiFactory factory) : WindowBoundarySpec<SqliteApiFactory>(factory);

public sealed class WindowBoundaryOnPostgres(PostgresApiFactory factory) : WindowBoundarySpec<PostgresApiFactory>(factory);

public sealed class WindowBoundaryOnPostgresUncached(PostgresUncachedApiFactory factory) : WindowBoundarySpec<PostgresUncachedApiFactory>(factory);
