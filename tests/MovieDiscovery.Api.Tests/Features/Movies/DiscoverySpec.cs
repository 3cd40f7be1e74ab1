using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Tests.Features.Movies;

/// <summary>
/// The discovery filters of GET /v1/movies (genre lists with any/all, exclude_genre, year bounds, title search with
/// relevance, leaving and arrived within days, the orders by when movies leave and arrived) answer what an independent computation over the whole catalogue says: the test reads every movie, its
/// genres, countries and current windows, filters and orders them in .NET with its own reading of the rules, and compares ids, order
/// and totals, page by page and cursor by cursor.
/// </summary>
public abstract partial class DiscoverySpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    // Demo genre ids (the seed is deterministic): 1 Action, 4 Comedy, 5 Crime, 6 Drama, 11 Romance, 13 Thriller.
    public static TheoryData<string> Lists =>
    [
        "country=US&genre=6,11",
        "country=US&genre=6,11&genre_match=all",
        "country=US&genre=4,5,6&sort=year",
        "country=GB&exclude_genre=6",
        "country=US&genre=1,13&exclude_genre=5",
        "country=DE&year_from=1990&year_to=2009",
        "country=JP&year_from=2000",
        "country=BR&year_to=1980&sort=year",
        "country=US&genre=6&year_from=1990",
        "country=US&genre=6",
        "country=US&genre=6&genre_match=all&sort=year",
        "country=US&genre=999,6",
        "country=US&genre=999,6&genre_match=all",
        "country=US&exclude_genre=999",
        "country=FR&genre=1,2",
        "country=US&q=the",
        "country=US&q=the&sort=-year",
        "country=US&q=THE&sort=year",
        "country=US&q=up",
        "country=US&q=amelie",
        "country=us&q=Am%C3%A9lie",
        "country=US&q=leon",
        "country=US&q=L%C3%89ON%3A%20the%20PRO",
        "country=US&q=mama",
        "country=US&q=y%20tu",
        "country=US&q=weisse",
        "country=US&q=aeon",
        "country=US&q=pokemon",
        "country=US&q=star%20wa",
        "country=US&q=wall%20e",
        "country=US&q=e.t.",
        "country=US&q=2001",
        "country=US&q=lord%20ring",
        "country=US&q=the%20the",
        "country=US&q=%20%20godfather%20",
        "country=GB&q=s&exclude_genre=6",
        "country=US&q=zzzz",
        "country=US&q=godfather&genre=5,6&year_from=1970&year_to=1980",
        "country=US&q=the&genre=6,13&genre_match=all&exclude_genre=9&year_from=1950&year_to=2020&sort=relevance",
        "country=US&sort=leaving",
        "country=US&sort=arrived",
        "country=US&leaving_within_days=7",
        "country=US&leaving_within_days=3&sort=leaving",
        "country=US&arrived_within_days=7&sort=arrived",
        "country=US&arrived_within_days=4&sort=year",
        "country=US&leaving_within_days=90&arrived_within_days=90",
        "country=US&genre=6,11&sort=leaving",
        "country=US&genre=6&exclude_genre=13&year_from=1980&sort=arrived",
        "country=US&q=the&sort=leaving",
        "country=US&q=the&leaving_within_days=7",
        "country=US&q=the&arrived_within_days=7&sort=relevance",
        "country=US&genre=6&leaving_within_days=7&sort=-year",
        "country=FR&leaving_within_days=1&sort=arrived",
    ];

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Each_list_is_what_the_whole_catalogue_says_page_by_page_and_cursor_by_cursor(string query)
    {
        var expected = Expected(await LoadCatalogueAsync(), query);

        var first = await GetJsonAsync($"/v1/movies?{query}&page_size=100");
        var byNumber = await ReadByPageNumberAsync(query, pageSize: 9);
        var byCursor = await ReadByCursorAsync(query, pageSize: 9);

        Assert.Equal(expected.Count, first.GetProperty("total").GetInt32());
        Assert.Equal(expected.Take(100), first.Ids());
        Assert.Equal(expected, byNumber);
        Assert.Equal(expected, byCursor);
    }

    [Fact]
    public async Task Title_search_ignores_case_and_accents_and_matches_word_starts()
    {
        var amelie = await IdOfAsync("Amélie");
        var leon = await IdOfAsync("Léon: The Professional");

        Assert.Contains(amelie, (await GetJsonAsync("/v1/movies?country=US&q=AMELIE")).Ids());
        Assert.Contains(amelie, (await GetJsonAsync("/v1/movies?country=US&q=am%C3%A9")).Ids());
        Assert.Contains(leon, (await GetJsonAsync("/v1/movies?country=US&q=the%20prof")).Ids());
        Assert.DoesNotContain(leon, (await GetJsonAsync("/v1/movies?country=US&q=eon")).Ids());
        Assert.DoesNotContain(amelie, (await GetJsonAsync("/v1/movies?country=JP&q=leon")).Ids());
    }

    [Fact]
    public async Task Relevance_puts_the_exact_title_first_then_titles_that_start_with_q()
    {
        var up = await IdOfAsync("Up");

        var items = (await GetJsonAsync("/v1/movies?country=US&q=up&page_size=100")).GetProperty("data").EnumerateArray().ToList();

        Assert.Equal(up, items[0].GetProperty("id").GetInt32());
        var starts = items.Skip(1).TakeWhile(i => Words(i.GetProperty("title").GetString()!)[0].StartsWith("up", StringComparison.Ordinal)).Count();
        Assert.All(items.Skip(1 + starts), i => Assert.False(Words(i.GetProperty("title").GetString()!)[0].StartsWith("up", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_single_genre_reads_as_it_always_did_whatever_genre_match_says()
    {
        var plain = await GetJsonAsync("/v1/movies?country=US&genre=6&page_size=5");
        var any = await GetJsonAsync("/v1/movies?country=US&genre=6&genre_match=any&page_size=5");
        var all = await GetJsonAsync("/v1/movies?country=US&genre=6&genre_match=all&page_size=5");

        Assert.Equal(plain.GetRawText(), any.GetRawText());
        Assert.Equal(plain.GetRawText(), all.GetRawText());
        var cursor = Encoding.UTF8.GetString(Convert.FromBase64String(Padded(plain.GetProperty("next_cursor").GetString()!)));
        Assert.StartsWith("c1|movies:US:6:-year|5|2|", cursor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cursor_continues_only_the_list_with_the_same_filters()
    {
        var page = await GetJsonAsync("/v1/movies?country=US&q=the&genre=6,13&page_size=3");
        var cursor = page.GetProperty("next_cursor").GetString();

        var next = await GetJsonAsync($"/v1/movies?country=US&q=the&genre=13,6&page_size=3&cursor={cursor}");
        using var other = await Client.GetAsync($"/v1/movies?country=US&q=the&genre=6,13&genre_match=all&page_size=3&cursor={cursor}");

        Assert.Equal(2, next.GetProperty("page").GetInt32());
        Assert.Empty(page.Ids().Intersect(next.Ids()));
        var details = await other.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(details.TryGetProperty("cursor", out _));
    }

    /// <summary>Genre ids past the ones the search table keeps as bits (63) are filtered exactly too.</summary>
    [Fact]
    public async Task Genres_with_large_ids_filter_like_any_other()
    {
        var movies = (await Factory.AvailableInAsync("US")).Where(id => id % 3 == 0).ToList();
        await Factory.ChangeCatalogueAsync(async db =>
        {
            if (!await db.Genres.AnyAsync(g => g.Id == 100))
            {
                db.Genres.Add(new Genre { Id = 100, Name = "Spec genre 100" });
                db.MovieGenres.AddRange(movies.Select(id => new MovieGenre { MovieId = id, GenreId = 100 }));
            }

            return await db.SaveChangesAsync();
        });
        var catalogue = await LoadCatalogueAsync();

        foreach (var query in new[]
        {
            "country=US&genre=100", "country=US&genre=100,6", "country=US&genre=100,6&genre_match=all",
            "country=US&exclude_genre=100", "country=US&genre=6&exclude_genre=100,13", "country=US&q=the&genre=100",
        })
        {
            Assert.Equal(Expected(catalogue, query), await ReadByCursorAsync(query, pageSize: 20));
        }
    }

    public static TheoryData<string, string> BadLists => new()
    {
        { "country=US&genre=1,2,3,4,5,6,7,8,9,10,11", "genre" },
        { "country=US&genre=1,1", "genre" },
        { "country=US&genre=1,", "genre" },
        { "country=US&genre=0", "genre" },
        { "country=US&genre=a", "genre" },
        { "country=US&genre=1%202", "genre" },
        { "country=US&genre_match=some", "genre_match" },
        { "country=US&exclude_genre=1,2,3,4,5,6,7,8,9,10,11", "exclude_genre" },
        { "country=US&exclude_genre=-1", "exclude_genre" },
        { "country=US&genre=1,2&exclude_genre=2", "exclude_genre" },
        { "country=US&year_from=1869", "year_from" },
        { "country=US&year_to=2101", "year_to" },
        { "country=US&year_from=2000&year_to=1999", "year_from" },
        { "country=US&year_from=19x0", "year_from" },
        { "country=US&q=", "q" },
        { "country=US&q=%20%20%20", "q" },
        { "country=US&q=%21%3F%20-", "q" },
        { "country=US&q=a%00b", "q" },
        { $"country=US&q={new string('a', 101)}", "q" },
        { "country=US&sort=relevance", "sort" },
        { "country=US&q=the&sort=title", "sort" },
        { "country=US&sort=-leaving", "sort" },
        { "country=US&leaving_within_days=0", "leaving_within_days" },
        { "country=US&leaving_within_days=91", "leaving_within_days" },
        { "country=US&leaving_within_days=7d", "leaving_within_days" },
        { "country=US&arrived_within_days=-1", "arrived_within_days" },
        { "country=US&arrived_within_days=", "arrived_within_days" },
    };

    [Theory]
    [MemberData(nameof(BadLists))]
    public async Task A_bad_filter_is_400_naming_it(string query, string parameter)
    {
        using var response = await Client.GetAsync($"/v1/movies?{query}");

        var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(details.TryGetProperty(parameter, out _), details.ToString());
    }

    [Fact]
    public async Task A_query_of_100_characters_after_trimming_is_accepted()
    {
        var query = Uri.EscapeDataString($"  {new string('a', 100)}  ");

        var page = await GetJsonAsync($"/v1/movies?country=US&q={query}");

        Assert.Equal(0, page.GetProperty("total").GetInt32());
    }

    private async Task<List<int>> ReadByPageNumberAsync(string query, int pageSize)
    {
        var ids = new List<int>();
        for (var page = 1; ; page++)
        {
            var items = (await GetJsonAsync($"/v1/movies?{query}&page={page}&page_size={pageSize}")).Ids();
            ids.AddRange(items);
            if (items.Length < pageSize)
            {
                return ids;
            }
        }
    }

    private async Task<List<int>> ReadByCursorAsync(string query, int pageSize)
    {
        var ids = new List<int>();
        var url = $"/v1/movies?{query}&page_size={pageSize}";
        while (true)
        {
            var page = await GetJsonAsync(url);
            ids.AddRange(page.Ids());
            if (page.GetProperty("next_cursor").GetString() is not { } cursor)
            {
                return ids;
            }

            Assert.True(ids.Count < 1000, "the cursors never end");
            url = $"/v1/movies?{query}&page_size={pageSize}&cursor={cursor}";
        }
    }

    private async Task<int> IdOfAsync(string title) => (await LoadCatalogueAsync()).Single(m => m.Title == title).Id;

    /// <summary>Every movie with its genres and countries, read from the base tables.</summary>
    private async Task<List<CatalogueMovie>> LoadCatalogueAsync()
    {
        await using var scope = Factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var genres = (await db.MovieGenres.ToListAsync()).ToLookup(g => g.MovieId, g => g.GenreId);
        var windows = (await db.MovieAvailability.ToListAsync()).ToLookup(a => a.MovieId);
        var now = await db.AvailabilityClock.Select(c => c.AppliedUntil).SingleAsync();
        return [.. (await db.Movies.Select(m => new { m.Id, m.Title, m.Year }).ToListAsync())
            .Select(m => new CatalogueMovie(m.Id, m.Title, m.Year, [.. genres[m.Id]],
                windows[m.Id].ToDictionary(a => a.CountryCode, a => new CurrentWindow(Utc(a.AvailableFrom), Utc(a.AvailableUntil), now))))];

        static DateTime? Utc(DateTime? instant) => instant is { } value ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : null;
    }

    /// <summary>The ids the list should hold, in order, computed from the catalogue with the rules as the API documents them.</summary>
    private static List<int> Expected(List<CatalogueMovie> catalogue, string query)
    {
        var parameters = query.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        string? Get(string name) => parameters.GetValueOrDefault(name);
        int[] Ids(string name) => Get(name) is { } list ? [.. list.Split(',').Select(id => int.Parse(id, CultureInfo.InvariantCulture))] : [];

        var (genres, excluded, all) = (Ids("genre"), Ids("exclude_genre"), Get("genre_match") == "all");
        var (from, to) = (Get("year_from") is { } f ? int.Parse(f, CultureInfo.InvariantCulture) : int.MinValue,
            Get("year_to") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : int.MaxValue);
        var words = Get("q") is { } q ? Words(q) : null;
        var country = Get("country")!.ToUpperInvariant();
        var (leaving, arrived) = (Get("leaving_within_days") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : (int?)null,
            Get("arrived_within_days") is { } a ? int.Parse(a, CultureInfo.InvariantCulture) : (int?)null);
        var found = catalogue
            .Where(m => m.Countries.ContainsKey(country))
            .Where(m => leaving is not { } days || m.Countries[country].Until <= m.Countries[country].Now.AddDays(days))
            .Where(m => arrived is not { } days || m.Countries[country].From >= m.Countries[country].Now.AddDays(-days))
            .Where(m => genres.Length == 0 || (all ? genres.All(m.Genres.Contains) : genres.Any(m.Genres.Contains)))
            .Where(m => !excluded.Any(m.Genres.Contains))
            .Where(m => m.Year >= from && m.Year <= to)
            .Where(m => words is null || words.All(w => Words(m.Title).Any(t => t.StartsWith(w, StringComparison.Ordinal))));
        var sort = Get("sort") ?? (words is null ? "-year" : "relevance");
        var ordered = sort switch
        {
            "year" => found.OrderBy(m => m.Year).ThenBy(m => m.Id),
            "-year" => found.OrderByDescending(m => m.Year).ThenBy(m => m.Id),
            "leaving" => found.OrderBy(m => m.Countries[country].Until ?? DateTime.MaxValue).ThenBy(m => m.Id),
            "arrived" => found.OrderByDescending(m => m.Countries[country].From ?? DateTime.MinValue).ThenBy(m => m.Id),
            _ => found.OrderBy(m => Relevance(Words(m.Title), words!)).ThenByDescending(m => m.Year).ThenBy(m => m.Id),
        };
        return [.. ordered.Select(m => m.Id)];
    }

    /// <summary>0: the title is the query; 1: the title starts with it; 2: the rest.</summary>
    private static int Relevance(string[] title, string[] query) =>
        title.SequenceEqual(query) ? 0 : string.Join(' ', title).StartsWith(string.Join(' ', query), StringComparison.Ordinal) ? 1 : 2;

    // The test's own table of Latin letters with marks (the service runs with invariant globalization, which does not
    // decompose), written out here rather than read from the service's rules: base letters first, then their variants.
    private static readonly Dictionary<char, string> s_plain = """
        a àáâãäåāăąǎ c çćĉċč d ďđð e èéêëēĕėęě g ĝğġģ h ĥħ i ìíîïĩīĭįıǐ j ĵ k ķ l ĺļľŀł n ñńņňŉ o òóôõöøōŏőǒ
        r ŕŗř s śŝşšſ t ţťŧ u ùúûüũūŭůűųǔ w ŵ y ýÿŷ z źżž ae æ oe œ ss ß th þ
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Chunk(2)
        .SelectMany(pair => pair[1].Select(letter => (Letter: letter, Plain: pair[0])))
        .ToDictionary(p => p.Letter, p => p.Plain);

    /// <summary>
    /// The test's own reading of a title's words: lower case, letters with marks as their plain letters (æ as ae, ß as
    /// ss, …), then split at anything but letters and digits.
    /// </summary>
    private static string[] Words(string text)
    {
        var plain = string.Concat(text.ToLowerInvariant().Select(c => s_plain.GetValueOrDefault(c, c.ToString())));
        return [.. NotAWordCharacter().Split(plain).Where(w => w.Length > 0)];
    }

    private static string Padded(string base64Url) =>
        base64Url.Replace('-', '+').Replace('_', '/').PadRight(base64Url.Length + ((4 - (base64Url.Length % 4)) % 4), '=');

    [GeneratedRegex(@"[^\p{L}\p{Nd}]+")]
    private static partial Regex NotAWordCharacter();

    /// <summary>A movie's countries, each with its current window and the availability clock's now when it was read.</summary>
    private sealed record CatalogueMovie(int Id, string Title, int Year, HashSet<int> Genres, Dictionary<string, CurrentWindow> Countries);

    private sealed record CurrentWindow(DateTime? From, DateTime? Until, DateTime Now);
}

public sealed class DiscoveryOnSqlite(SqliteApiFactory factory) : DiscoverySpec<SqliteApiFactory>(factory);

public sealed class DiscoveryOnPostgres(PostgresApiFactory factory) : DiscoverySpec<PostgresApiFactory>(factory);
