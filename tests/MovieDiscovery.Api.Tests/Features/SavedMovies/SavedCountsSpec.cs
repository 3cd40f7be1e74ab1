using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Features.SavedMovies;

/// <summary>
/// A saved list's total is read from saved_counts, which database triggers keep equal to the number of
/// (save, availability) pairs per user and country, and its pages from saved_listing, which they keep equal
/// to those pairs, through every kind of change to either side.
/// </summary>
public abstract class SavedCountsSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Totals_stay_exact_through_saves_removals_availability_changes_and_deletions()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        var movies = (await Factory.AvailableInAsync("GB")).Intersect(await Factory.UnavailableInAsync("JP")).Take(6).ToList();
        foreach (var id in movies)
        {
            using var saved = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = id, country = "GB" });
            await saved.ShouldBe(HttpStatusCode.Created);
        }

        using (var removed = await client.DeleteAsync($"/v1/users/{user.Id}/saved-movies/{movies[0]}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        await ChangeAsync(db => db.MovieAvailability.Where(a => a.MovieId == movies[1] && a.CountryCode == "GB").ExecuteDeleteAsync());
        await ChangeAsync(async db =>
        {
            db.MovieAvailability.Add(new MovieAvailability { MovieId = movies[2], CountryCode = "JP" });
            return await db.SaveChangesAsync();
        });
        await ChangeAsync(db => db.Movies.Where(m => m.Id == movies[3]).ExecuteDeleteAsync());
        var redated = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using (var scope = Factory.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SavedMovies
                .Where(s => s.UserId == user.Id && s.MovieId == movies[4])
                .ExecuteUpdateAsync(s => s.SetProperty(saved => saved.DateAdded, redated));
        }

        var gb = await TotalAsync(client, user, "GB");
        var japan = await TotalAsync(client, user, "JP");

        Assert.Equal(3, gb);
        Assert.Equal(await CountPairsAsync(user.Id, "GB"), gb);
        Assert.Equal(1, japan);
        Assert.Equal(await CountPairsAsync(user.Id, "JP"), japan);
        Assert.Empty(await MismatchesAsync());
        var oldestFirst = await ListAsync(client, user, "GB", "date_added");
        Assert.Equal(movies[4], oldestFirst.GetProperty("data")[0].GetProperty("id").GetInt32());
        Assert.Equal(redated, oldestFirst.GetProperty("data")[0].GetProperty("date_added").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task A_deleted_user_takes_their_counts_to_zero()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        var movie = (await Factory.AvailableInAsync("US"))[30];
        using (var saved = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movie, country = "US" }))
        {
            await saved.ShouldBe(HttpStatusCode.Created);
        }

        await using (var scope = Factory.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.Id == user.Id).ExecuteDeleteAsync();
        }

        Assert.Empty(await MismatchesAsync());
    }

    [Fact]
    public async Task A_deleted_movie_saved_in_several_countries_leaves_every_list_and_count_it_was_in()
    {
        var (movie, countries) = await MovieAvailableInSeveralCountriesAsync();
        var users = new[] { await Factory.CreateUserAsync(), await Factory.CreateUserAsync() };
        foreach (var user in users)
        {
            using var saved = await Factory.ClientFor(user).PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movie, country = countries[0] });
            await saved.ShouldBe(HttpStatusCode.Created);
            foreach (var country in countries)
            {
                Assert.Equal(1, await TotalAsync(Factory.ClientFor(user), user, country));
            }
        }

        await ChangeAsync(db => db.Movies.Where(m => m.Id == movie).ExecuteDeleteAsync());

        foreach (var user in users)
        {
            foreach (var country in countries)
            {
                Assert.Equal(0, await TotalAsync(Factory.ClientFor(user), user, country));
            }
        }

        Assert.Empty(await MismatchesAsync());
    }

    [Fact]
    public async Task A_deleted_country_takes_its_saved_pairs_out_of_the_lists_and_counts()
    {
        const string Country = "XQ";
        var user = await Factory.CreateUserAsync();
        var movies = (await Factory.AvailableInAsync("DE")).Skip(10).Take(3).ToList();
        foreach (var id in movies)
        {
            using var saved = await Factory.ClientFor(user).PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = id, country = "DE" });
            await saved.ShouldBe(HttpStatusCode.Created);
        }

        await ChangeAsync(async db =>
        {
            db.Countries.Add(new Country { Code = Country, Name = "Spec country" });
            db.MovieAvailability.AddRange(movies.Select(id => new MovieAvailability { MovieId = id, CountryCode = Country }));
            return await db.SaveChangesAsync();
        });
        Assert.Equal(movies.Count, await CountPairsAsync(user.Id, Country));
        Assert.Empty(await MismatchesAsync());

        await ChangeAsync(db => db.Countries.Where(c => c.Code == Country).ExecuteDeleteAsync());

        Assert.Equal(0, await CountPairsAsync(user.Id, Country));
        Assert.Empty(await MismatchesAsync());
    }

    /// <summary>
    /// A whole table emptied in one statement: on PostgreSQL by TRUNCATE (which fires no row trigger, so its
    /// TRUNCATE triggers derive the counts and the saved lists again), on SQLite, which has no TRUNCATE, by a DELETE
    /// without WHERE (row by row through the triggers). Each in a transaction that is rolled back, so the data stays
    /// for the other tests.
    /// </summary>
    [Theory]
    [InlineData("saved_movies")]
    [InlineData("movie_availability")]
    [InlineData("users")]
    [InlineData("movies")]
    [InlineData("countries")]
    public async Task Emptying_a_table_the_saved_lists_are_derived_from_keeps_them_and_their_counts_exact(string table)
    {
        var user = await Factory.CreateUserAsync();
        var movie = (await Factory.AvailableInAsync("US"))[50];
        using (var saved = await Factory.ClientFor(user).PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movie, country = "US" }))
        {
            await saved.ShouldBe(HttpStatusCode.Created);
        }

        await using var scope = Factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync(Factory.Provider == DatabaseProvider.Postgres ? $"TRUNCATE {table} CASCADE" : $"DELETE FROM {table}");

        Assert.Empty(await MismatchesAsync(db));
        Assert.False(await db.SavedListing.AnyAsync());
    }

    /// <summary>
    /// Counts that differ from a full recount of (save, availability) pairs (zero rows count as absent), and
    /// saved_listing rows missing from, or beyond, those pairs.
    /// </summary>
    protected async Task<List<string>> MismatchesAsync()
    {
        await using var scope = Factory.CreateScope();
        return await MismatchesAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private static async Task<List<string>> MismatchesAsync(AppDbContext db)
    {
        var pairs = await db.SavedMovies
            .Join(db.MovieAvailability, s => s.MovieId, a => a.MovieId, (s, a) => new { s.UserId, a.CountryCode, s.DateAdded, s.MovieId })
            .ToListAsync();
        var counts = await db.SavedCounts.Where(c => c.MovieCount != 0).ToListAsync();
        var want = pairs.CountBy(p => (p.UserId, p.CountryCode)).ToDictionary();
        var have = counts.ToDictionary(c => (c.UserId, c.CountryCode), c => c.MovieCount);
        var countMismatches = want.Keys.Union(have.Keys)
            .Where(key => want.GetValueOrDefault(key) != have.GetValueOrDefault(key))
            .Select(key => $"{key}: recount {want.GetValueOrDefault(key)}, saved_counts {have.GetValueOrDefault(key)}");

        var listing = (await db.SavedListing.ToListAsync()).Select(l => (l.UserId, l.CountryCode, l.DateAdded, l.MovieId)).ToList();
        var expectedListing = pairs.Select(p => (p.UserId, p.CountryCode, p.DateAdded, p.MovieId)).ToList();
        var listingMismatches = expectedListing.Except(listing).Select(row => $"{row}: missing from saved_listing")
            .Concat(listing.Except(expectedListing).Select(row => $"{row}: in saved_listing, not a (save, availability) pair"))
            .Concat(listing.Count == listing.Distinct().Count() ? [] : ["saved_listing has duplicate rows"]);
        return [.. countMismatches, .. listingMismatches];
    }

    private async Task<int> CountPairsAsync(int userId, string country)
    {
        await using var scope = Factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.SavedMovies.CountAsync(s => s.UserId == userId && db.MovieAvailability.Any(a => a.MovieId == s.MovieId && a.CountryCode == country));
    }

    private async Task<(int Movie, List<string> Countries)> MovieAvailableInSeveralCountriesAsync()
    {
        await using var scope = Factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var movie = await db.Movies.Where(m => m.Availability.Count >= 3).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync();
        return (movie, await db.MovieAvailability.Where(a => a.MovieId == movie).Select(a => a.CountryCode).OrderBy(c => c).ToListAsync());
    }

    private static async Task<int> TotalAsync(HttpClient client, TestUser user, string country) =>
        (await ListAsync(client, user, country, "-date_added")).GetProperty("total").GetInt32();

    private static async Task<JsonElement> ListAsync(HttpClient client, TestUser user, string country, string sort)
    {
        using var response = await client.GetAsync($"/v1/users/{user.Id}/saved-movies?country={country}&sort={sort}");
        return await response.ShouldBe(HttpStatusCode.OK);
    }

    private Task<int> ChangeAsync(Func<AppDbContext, Task<int>> change) => Factory.ChangeCatalogueAsync(change);
}

public sealed class SavedCountsOnSqlite(SqliteApiFactory factory) : SavedCountsSpec<SqliteApiFactory>(factory);

public sealed class SavedCountsOnPostgres(PostgresApiFactory factory, ITestOutputHelper output) : SavedCountsSpec<PostgresApiFactory>(factory)
{
    /// <summary>
    /// Saves, removals and availability changes of the same movies from many connections at once, in
    /// READ COMMITTED: each (save, availability) pair is counted once whichever commits first, and every
    /// statement succeeds the first time (the triggers take their locks in one order, so none can deadlock).
    /// </summary>
    [Fact]
    public async Task Concurrent_saves_and_availability_changes_of_the_same_movies_keep_every_count_exact()
    {
        var users = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            users.Add((await Factory.CreateUserAsync()).Id);
        }

        var movies = (await Factory.AvailableInAsync("US")).Skip(40).Take(4).ToList();
        var countries = new[] { "BR", "DE", "JP" };
        var failures = await ConcurrentStatements.RunAsync(Factory.ConnectionString, connections: 8, perConnection: 60, random =>
        {
            var movie = movies[random.Next(movies.Count)];
            return random.Next(4) switch
            {
                0 => $"INSERT INTO saved_movies (user_id, movie_id, date_added) VALUES ({users[random.Next(users.Count)]}, {movie}, now()) ON CONFLICT DO NOTHING",
                1 => $"DELETE FROM saved_movies WHERE user_id = {users[random.Next(users.Count)]} AND movie_id = {movie}",
                2 => $"INSERT INTO movie_availability (movie_id, country_code) VALUES ({movie}, '{countries[random.Next(countries.Length)]}') ON CONFLICT DO NOTHING",
                _ => $"DELETE FROM movie_availability WHERE movie_id = {movie} AND country_code = '{countries[random.Next(countries.Length)]}'",
            };
        });

        output.WriteLine($"480 statements from 8 connections; {failures.Count} failed");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Empty(await MismatchesAsync());
    }
}
