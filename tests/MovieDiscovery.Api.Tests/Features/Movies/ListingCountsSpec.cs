using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Features.Movies;

/// <summary>
/// The catalogue listing (movie_listing) and its totals (listing_counts) are kept by database triggers; whatever
/// changes, they must stay equal to a full recount from availability, genres and years.
/// </summary>
public abstract class ListingCountsSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Availability_genre_and_year_changes_keep_the_listing_and_its_counts_exact()
    {
        var movie = (await Factory.AvailableInAsync("DE")).Intersect(await Factory.UnavailableInAsync("JP")).First();
        await ChangeAsync($"INSERT INTO movie_availability (movie_id, country_code) VALUES ({movie}, 'JP')");
        await ChangeAsync($"DELETE FROM movie_availability WHERE movie_id = {movie} AND country_code = 'DE'");
        await ChangeAsync($"DELETE FROM movie_genres WHERE movie_id = {movie}");
        await ChangeAsync($"INSERT INTO movie_genres (movie_id, genre_id) SELECT {movie}, id FROM genres ORDER BY id LIMIT 2");
        await ChangeAsync($"UPDATE movies SET year = year - 7 WHERE id = {movie}");

        Assert.Empty(await MismatchesAsync());
    }

    [Fact]
    public async Task Statements_that_change_many_movies_at_once_keep_the_listing_and_its_counts_exact()
    {
        var movies = (await Factory.AvailableInAsync("GB")).Intersect(await Factory.UnavailableInAsync("BR")).Take(8).ToList();
        var ids = string.Join(", ", movies);
        var changed = new[]
        {
            await ChangeAsync($"INSERT INTO movie_availability (movie_id, country_code) SELECT id, 'BR' FROM movies WHERE id IN ({ids})"),
            await ChangeAsync($"""
                UPDATE movie_availability SET country_code = 'JP'
                WHERE country_code = 'BR' AND movie_id IN ({ids}) AND movie_id % 2 = 0
                  AND movie_id NOT IN (SELECT movie_id FROM movie_availability WHERE country_code = 'JP')
                """),
            await ChangeAsync($"DELETE FROM movie_availability WHERE country_code = 'GB' AND movie_id IN ({ids})"),
            await ChangeAsync($"""
                UPDATE movie_genres SET genre_id = (SELECT max(id) FROM genres)
                WHERE movie_id IN ({ids})
                  AND genre_id = (SELECT min(g.genre_id) FROM movie_genres AS g WHERE g.movie_id = movie_genres.movie_id)
                  AND NOT EXISTS (SELECT 1 FROM movie_genres AS g WHERE g.movie_id = movie_genres.movie_id AND g.genre_id = (SELECT max(id) FROM genres))
                """),
            await ChangeAsync($"UPDATE movies SET year = year + 3 WHERE id IN ({ids})"),
            await ChangeAsync($"DELETE FROM movies WHERE id = {movies[0]}"),
        };

        Assert.DoesNotContain(0, changed);
        Assert.Empty(await MismatchesAsync());
    }

    [Fact]
    public async Task Deleting_a_genre_takes_it_out_of_the_listing_and_its_counts()
    {
        var movies = (await Factory.AvailableInAsync("US")).Take(5).ToList();
        var genre = new Genre { Name = $"Spec genre {Guid.NewGuid():N}" };
        await ChangeAsync(async db =>
        {
            db.Genres.Add(genre);
            db.MovieGenres.AddRange(movies.Select(id => new MovieGenre { MovieId = id, Genre = genre }));
            return await db.SaveChangesAsync();
        });
        Assert.Equal(movies.Count, await CountAsync(db => db.ListingCounts.Where(c => c.CountryCode == "US" && c.GenreId == genre.Id).SumAsync(c => c.MovieCount)));

        await ChangeAsync(db => db.Genres.Where(g => g.Id == genre.Id).ExecuteDeleteAsync());

        Assert.Equal(0, await CountAsync(db => db.MovieListing.CountAsync(l => l.GenreId == genre.Id)));
        Assert.Empty(await MismatchesAsync());
    }

    [Fact]
    public async Task Deleting_a_country_takes_its_catalogue_out_of_the_listing_and_its_counts()
    {
        const string Country = "XQ";
        var movies = (await Factory.AvailableInAsync("GB")).Take(6).ToList();
        await ChangeAsync(async db =>
        {
            db.Countries.Add(new Country { Code = Country, Name = "Spec country" });
            db.MovieAvailability.AddRange(movies.Select(id => new MovieAvailability { MovieId = id, CountryCode = Country }));
            return await db.SaveChangesAsync();
        });
        Assert.Equal(movies.Count, await CountAsync(db => db.ListingCounts.Where(c => c.CountryCode == Country && c.GenreId == MovieListing.AllGenres).SumAsync(c => c.MovieCount)));

        await ChangeAsync(db => db.Countries.Where(c => c.Code == Country).ExecuteDeleteAsync());

        Assert.Equal(0, await CountAsync(db => db.MovieListing.CountAsync(l => l.CountryCode == Country)));
        Assert.Empty(await MismatchesAsync());
    }

    /// <summary>
    /// A whole table emptied in one statement: on PostgreSQL by TRUNCATE (which fires no row or statement trigger, so
    /// its TRUNCATE triggers derive the listing again), on SQLite, which has no TRUNCATE, by a DELETE without WHERE
    /// (row by row through the triggers). Each in a transaction that is rolled back, so the catalogue stays for the
    /// other tests.
    /// </summary>
    [Theory]
    [InlineData("movie_genres")]
    [InlineData("movie_availability")]
    [InlineData("movies")]
    [InlineData("genres")]
    [InlineData("countries")]
    public async Task Emptying_a_table_the_listing_is_derived_from_keeps_it_and_its_counts_exact(string table)
    {
        await using var scope = Factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        Assert.NotEqual(0, await db.MovieListing.CountAsync());

        await db.Database.ExecuteSqlRawAsync(EmptyTableSql(table));

        Assert.Empty(await MismatchesAsync(db));
        Assert.Equal(table is "movie_genres" or "genres", await db.MovieListing.AnyAsync());
    }

    /// <summary>movie_listing and listing_counts rows that differ from a recount (zero counts count as absent).</summary>
    protected async Task<List<string>> MismatchesAsync()
    {
        await using var scope = Factory.CreateScope();
        return await MismatchesAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private static async Task<List<string>> MismatchesAsync(AppDbContext db)
    {
        var links = await db.MovieAvailability
            .Join(db.Movies, a => a.MovieId, m => m.Id, (a, m) => new { a.CountryCode, m.Year, MovieId = m.Id })
            .ToListAsync();
        var genres = (await db.MovieGenres.ToListAsync()).ToLookup(g => g.MovieId, g => g.GenreId);
        var expected = links
            .SelectMany(l => genres[l.MovieId].Prepend(MovieListing.AllGenres).Select(genre => (l.CountryCode, genre, l.Year, l.MovieId)))
            .ToList();
        var listing = (await db.MovieListing.ToListAsync()).Select(l => (l.CountryCode, l.GenreId, l.Year, l.MovieId)).ToList();
        var want = expected.CountBy(row => (row.CountryCode, row.genre)).ToDictionary();
        var have = (await db.ListingCounts.Where(c => c.MovieCount != 0).ToListAsync())
            .ToDictionary(c => (c.CountryCode, c.GenreId), c => c.MovieCount);
        return
        [
            .. expected.Except(listing).Select(row => $"{row}: missing from movie_listing"),
            .. listing.Except(expected).Select(row => $"{row}: in movie_listing, not in the catalogue"),
            .. want.Keys.Union(have.Keys)
                .Where(key => want.GetValueOrDefault(key) != have.GetValueOrDefault(key))
                .Select(key => $"{key}: recount {want.GetValueOrDefault(key)}, listing_counts {have.GetValueOrDefault(key)}"),
        ];
    }

    /// <summary>PostgreSQL's TRUNCATE (with the tables that reference it); SQLite has none, and deletes every row instead.</summary>
    private string EmptyTableSql(string table) =>
        Factory.Provider == DatabaseProvider.Postgres ? $"TRUNCATE {table} CASCADE" : $"DELETE FROM {table}";

    private async Task<int> CountAsync(Func<AppDbContext, Task<int>> count)
    {
        await using var scope = Factory.CreateScope();
        return await count(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

#pragma warning disable CA2100 // Statements built from ids the test chose.
    private Task<int> ChangeAsync(string sql) => Factory.ChangeCatalogueAsync(db => db.Database.ExecuteSqlRawAsync(sql));
#pragma warning restore CA2100

    private Task<int> ChangeAsync(Func<AppDbContext, Task<int>> change) => Factory.ChangeCatalogueAsync(change);
}

public sealed class ListingCountsOnSqlite(SqliteApiFactory factory) : ListingCountsSpec<SqliteApiFactory>(factory);

public sealed class ListingCountsOnPostgres(PostgresApiFactory factory, ITestOutputHelper output) : ListingCountsSpec<PostgresApiFactory>(factory)
{
    /// <summary>
    /// Operators' writes from many connections at once, each a single-row availability, genre or year change of
    /// one of a dozen movies that share countries and genres: every statement succeeds the first time (the
    /// triggers take their locks in one order, so none can deadlock), and the listing and its counts stay exact.
    /// </summary>
    [Fact]
    public async Task Concurrent_catalogue_changes_of_different_movies_neither_deadlock_nor_drift()
    {
        var movies = (await Factory.AvailableInAsync("US")).Skip(20).Take(12).ToList();
        var countries = new[] { "BR", "DE", "GB", "JP", "US" };
        var failures = await ConcurrentStatements.RunAsync(Factory.ConnectionString, connections: 8, perConnection: 60, random =>
        {
            var (movie, country, genre) = (movies[random.Next(movies.Count)], countries[random.Next(countries.Length)], 1 + random.Next(5));
            return random.Next(5) switch
            {
                0 => $"INSERT INTO movie_availability (movie_id, country_code) VALUES ({movie}, '{country}') ON CONFLICT DO NOTHING",
                1 => $"DELETE FROM movie_availability WHERE movie_id = {movie} AND country_code = '{country}'",
                2 => $"INSERT INTO movie_genres (movie_id, genre_id) VALUES ({movie}, {genre}) ON CONFLICT DO NOTHING",
                3 => $"DELETE FROM movie_genres WHERE movie_id = {movie} AND genre_id = {genre}",
                _ => $"UPDATE movies SET year = {1950 + random.Next(70)} WHERE id = {movie}",
            };
        });

        output.WriteLine($"480 statements from 8 connections; {failures.Count} failed");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Empty(await MismatchesAsync());
    }
}
