using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Features.Movies;
using Npgsql;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Features.Movies;

/// <summary>
/// movie_search (PostgreSQL only: SQLite filters the base tables) is kept by database triggers; whatever changes, it
/// must equal a full recount from availability, genres, years and titles. And title_words folds text on PostgreSQL
/// as TitleWords does on SQLite, so both databases find the same titles.
/// </summary>
public sealed class SearchTableSpec(PostgresApiFactory factory, ITestOutputHelper output) : ApiSpec<PostgresApiFactory>(factory)
{
    [Fact]
    public async Task Availability_genre_year_and_title_changes_keep_the_search_table_exact()
    {
        var movie = (await Factory.AvailableInAsync("DE")).Intersect(await Factory.UnavailableInAsync("JP")).First();
        await ChangeAsync($"INSERT INTO movie_availability (movie_id, country_code) VALUES ({movie}, 'JP')");
        await ChangeAsync($"DELETE FROM movie_availability WHERE movie_id = {movie} AND country_code = 'DE'");
        await ChangeAsync($"DELETE FROM movie_genres WHERE movie_id = {movie}");
        await ChangeAsync($"INSERT INTO movie_genres (movie_id, genre_id) SELECT {movie}, id FROM genres ORDER BY id LIMIT 2");
        await ChangeAsync($"UPDATE movie_genres SET genre_id = (SELECT max(id) FROM genres) WHERE movie_id = {movie} AND genre_id = (SELECT min(id) FROM genres)");
        await ChangeAsync($"UPDATE movies SET year = year - 7 WHERE id = {movie}");
        await ChangeAsync($"UPDATE movies SET title = 'Crème Brûlée: Ærø Straße' WHERE id = {movie}");
        await ChangeAsync($"UPDATE movies SET runtime_minutes = 99 WHERE id = {movie}");

        Assert.Equal(" creme brulee aero strasse ", await WordsOfAsync(movie));
        Assert.Empty(await MismatchesAsync());
    }

    [Fact]
    public async Task Statements_that_change_many_movies_and_deletions_keep_the_search_table_exact()
    {
        var movies = (await Factory.AvailableInAsync("GB")).Intersect(await Factory.UnavailableInAsync("BR")).Take(8).ToList();
        var ids = string.Join(", ", movies);
        var changed = new[]
        {
            await ChangeAsync($"INSERT INTO movie_availability (movie_id, country_code) SELECT id, 'BR' FROM movies WHERE id IN ({ids})"),
            await ChangeAsync($"DELETE FROM movie_availability WHERE country_code = 'GB' AND movie_id IN ({ids})"),
            await ChangeAsync($"UPDATE movies SET title = title || ' II', year = year + 1 WHERE id IN ({ids})"),
            await ChangeAsync($"DELETE FROM movies WHERE id = {movies[0]}"),
            await ChangeAsync($"INSERT INTO countries (code, name) VALUES ('XQ', 'Spec country')"),
            await ChangeAsync($"INSERT INTO movie_availability (movie_id, country_code) SELECT id, 'XQ' FROM movies WHERE id IN ({ids})"),
            await ChangeAsync("DELETE FROM countries WHERE code = 'XQ'"),
        };

        Assert.DoesNotContain(0, changed);
        Assert.Empty(await MismatchesAsync());
    }

    /// <summary>Genres 1-63 are bits of genre_mask; others set its sign bit and are listed in other_genre_ids.</summary>
    [Fact]
    public async Task Genres_past_the_mask_are_listed_and_deleting_a_genre_takes_it_out()
    {
        var movies = (await Factory.AvailableInAsync("US")).Take(4).ToList();
        await ChangeAsync(async db =>
        {
            db.Genres.AddRange(new Genre { Id = 64, Name = "Spec genre 64" }, new Genre { Id = 200, Name = "Spec genre 200" });
            db.MovieGenres.AddRange(movies.SelectMany(id => new[] { new MovieGenre { MovieId = id, GenreId = 64 }, new MovieGenre { MovieId = id, GenreId = 200 } }));
            return await db.SaveChangesAsync();
        });

        Assert.All(await RowsAsync(movies[0]), row => Assert.Equal([64, 200], row.OtherGenreIds!));
        Assert.All(await RowsAsync(movies[0]), row => Assert.True(row.GenreMask < 0));
        Assert.Empty(await MismatchesAsync());

        await ChangeAsync("DELETE FROM genres WHERE id IN (64, 200)");

        Assert.All(await RowsAsync(movies[0]), row => Assert.Null(row.OtherGenreIds));
        Assert.Empty(await MismatchesAsync());
    }

    /// <summary>TRUNCATE fires no row or statement trigger; the TRUNCATE triggers derive the table again (rolled back after).</summary>
    [Theory]
    [InlineData("movie_genres")]
    [InlineData("movie_availability")]
    [InlineData("movies")]
    [InlineData("genres")]
    [InlineData("countries")]
    public async Task Emptying_a_table_the_search_table_is_derived_from_keeps_it_exact(string table)
    {
        await using var scope = Factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        Assert.NotEqual(0, await db.Set<MovieSearch>().CountAsync());

#pragma warning disable EF1002 // The table name is one of the theory's constants.
        await db.Database.ExecuteSqlRawAsync($"TRUNCATE {table} CASCADE");
#pragma warning restore EF1002

        Assert.Empty(await MismatchesAsync(db));
        Assert.Equal(table is "movie_genres" or "genres", await db.Set<MovieSearch>().AnyAsync());
    }

    [Fact]
    public async Task Concurrent_catalogue_changes_of_different_movies_neither_deadlock_nor_drift()
    {
        var movies = (await Factory.AvailableInAsync("US")).Skip(40).Take(12).ToList();
        var countries = new[] { "BR", "DE", "GB", "JP", "US" };
        var failures = await ConcurrentStatements.RunAsync(Factory.ConnectionString, connections: 8, perConnection: 60, random =>
        {
            var (movie, country, genre) = (movies[random.Next(movies.Count)], countries[random.Next(countries.Length)], 1 + random.Next(5));
            return random.Next(6) switch
            {
                0 => $"INSERT INTO movie_availability (movie_id, country_code) VALUES ({movie}, '{country}') ON CONFLICT DO NOTHING",
                1 => $"DELETE FROM movie_availability WHERE movie_id = {movie} AND country_code = '{country}'",
                2 => $"INSERT INTO movie_genres (movie_id, genre_id) VALUES ({movie}, {genre}) ON CONFLICT DO NOTHING",
                3 => $"DELETE FROM movie_genres WHERE movie_id = {movie} AND genre_id = {genre}",
                4 => $"UPDATE movies SET title = 'Spec Título {random.Next(100)}' WHERE id = {movie}",
                _ => $"UPDATE movies SET year = {1950 + random.Next(70)} WHERE id = {movie}",
            };
        });

        output.WriteLine($"480 statements from 8 connections; {failures.Count} failed");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Empty(await MismatchesAsync());
    }

    /// <summary>Every character unaccent changes, and some titles, come out of title_words as TitleWords gives them on SQLite.</summary>
    [Fact]
    public async Task Title_words_fold_text_on_PostgreSQL_as_on_SQLite()
    {
        string[] samples =
        [
            .. TitleWords.FoldedCodePoints.Select(char.ConvertFromUtf32).Select(c => $"x{c}y {c}"),
            "Léon: The Professional", "Y tu mamá también", "Das weiße Band", "Æon Flux", "WALL·E", "E.T. the Extra-Terrestrial",
            "Spider-Man: Into the Spider-Verse", "千と千尋の神隠し", "Ωmega ΣΊΣΥΦΟΣ", "Москва слезам не верит", "İstanbul", "ǅemal", "  ", "",
        ];
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT t, title_words(t) FROM unnest($1::text[]) AS t", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = samples });
        var differences = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var (text, folded) = (reader.GetString(0), reader.GetString(1));
                if (folded != TitleWords.Of(text))
                {
                    differences.Add($"'{text}': PostgreSQL '{folded}', SQLite '{TitleWords.Of(text)}'");
                }
            }
        }

        Assert.True(samples.Length > 1500, "unaccent's rules were not read");
        Assert.Empty(differences);
    }

    private async Task<string> WordsOfAsync(int movie) => (await RowsAsync(movie)).Select(r => r.TitleWords).Distinct().Single();

    private async Task<List<MovieSearch>> RowsAsync(int movie)
    {
        await using var scope = Factory.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<MovieSearch>().Where(s => s.MovieId == movie).ToListAsync();
    }

    /// <summary>movie_search rows that differ from a recount of the base tables.</summary>
    private async Task<List<string>> MismatchesAsync()
    {
        await using var scope = Factory.CreateScope();
        return await MismatchesAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private static async Task<List<string>> MismatchesAsync(AppDbContext db)
    {
        // The titles' words come from title_words itself: this recount checks what the triggers keep, the discovery
        // specs check the folding against their own reading of the rules.
        var words = await db.Database.SqlQueryRaw<MovieWords>("SELECT id AS movie_id, title_words(title) AS words FROM movies").ToDictionaryAsync(w => w.MovieId, w => w.Words);
        var genres = (await db.MovieGenres.ToListAsync()).ToLookup(g => g.MovieId, g => g.GenreId);
        var expected = (await db.MovieAvailability.Join(db.Movies, a => a.MovieId, m => m.Id, (a, m) => new { a.CountryCode, m.Year, MovieId = m.Id }).ToListAsync())
            .Select(l => Row(l.CountryCode, l.Year, l.MovieId, [.. genres[l.MovieId].Order()], words[l.MovieId]))
            .ToList();
        var actual = (await db.Set<MovieSearch>().ToListAsync())
            .Select(s => Row(s.CountryCode, s.Year, s.MovieId, s.OtherGenreIds is null ? Bits(s.GenreMask) : [.. Bits(s.GenreMask), .. s.OtherGenreIds], s.TitleWords)
                + (s.GenreMask < 0 == s.OtherGenreIds is null ? " (sign bit and other ids disagree)" : ""))
            .ToList();
        return [.. expected.Except(actual).Select(r => $"{r}: missing from movie_search"), .. actual.Except(expected).Select(r => $"{r}: in movie_search, not in the catalogue")];

        static string Row(string country, int year, int movie, int[] genres, string titleWords) =>
            $"{country} {year} {movie} [{string.Join(',', genres)}] '{titleWords}'";

        static int[] Bits(long mask) => [.. Enumerable.Range(1, 63).Where(g => (mask & (1L << (g - 1))) != 0)];
    }

#pragma warning disable CA2100 // Statements built from ids the test chose.
    private Task<int> ChangeAsync(string sql) => Factory.ChangeCatalogueAsync(db => db.Database.ExecuteSqlRawAsync(sql));
#pragma warning restore CA2100

    private Task<int> ChangeAsync(Func<AppDbContext, Task<int>> change) => Factory.ChangeCatalogueAsync(change);

    private sealed record MovieWords(int MovieId, string Words);
}
