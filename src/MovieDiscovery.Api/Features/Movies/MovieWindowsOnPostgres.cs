using System.Globalization;
using System.Text;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>
/// A movie list that reads the current windows' bounds, on PostgreSQL: filtered to those leaving or arrived within some
/// days, or ordered by <c>leaving</c> or <c>arrived</c>. movie_availability holds each available movie's current window
/// in the country, with one index per window order (on the bound, the missing bound as ±infinity, then the id), so a
/// page in those orders and a range of days are read along an index; the other filters are checked on movie_search
/// (docs/decisions/0101-leaving-and-arrived-lists.md).
/// </summary>
internal static class MovieWindowsOnPostgres
{
    // The bounds as the indexes hold them: an open end sorts after every end, a start since always before every start.
    private static readonly string s_end = EndOf("a");
    private static readonly string s_start = StartOf("a");

    public static async Task<FoundPage> FindAsync(
        AppDbContext db, MovieFilter filter, long offset, int take, MoviePosition? after, CancellationToken cancellationToken)
    {
        var total = await CountAsync(db, filter, cancellationToken);
        if (after is null && offset >= total)
        {
            return new FoundPage(total, []);
        }

        return new FoundPage(total, await ReadAsync(db, filter, offset, take, after, cancellationToken));
    }

    private static async Task<long> CountAsync(AppDbContext db, MovieFilter filter, CancellationToken cancellationToken)
    {
        var statement = new SearchStatement();
        var byWindows = filter.WithinDays;
        var sql = (byWindows, SearchStatement.FiltersSearch(filter)) switch
        {
            // Only an order by a bound: the whole country, which the listing counts.
            (false, false) => $"""
                SELECT c.movie_count FROM listing_counts AS c
                WHERE c.country_code = {statement.Country(filter.Country)} AND c.genre_id = {statement.Int(MovieListing.AllGenres)}
                """,
            (false, true) => $"SELECT count(*) FROM movie_search AS s WHERE {statement.Where(filter, withYears: true)}",
            _ => $"SELECT count(*) FROM {Source(statement, filter, withMovies: false)}",
        };
        await using var opened = await statement.OpenAsync(db, sql, cancellationToken);
        return Convert.ToInt64(await opened.Command.ExecuteScalarAsync(cancellationToken) ?? 0L, CultureInfo.InvariantCulture);
    }

    private static async Task<List<FoundMovie>> ReadAsync(
        AppDbContext db, MovieFilter filter, long offset, int take, MoviePosition? after, CancellationToken cancellationToken)
    {
        var statement = new SearchStatement();
        // A year (or relevance) order reads the year from movie_search when the list joins it, else from the movies;
        // an order by a bound needs neither, so its page can come from the bound's index alone.
        var byYear = filter.Order is not (MovieOrder.Leaving or MovieOrder.Arrived);
        var searched = SearchStatement.FiltersSearch(filter);
        var source = Source(statement, filter, withMovies: byYear && !searched);
        var year = !byYear ? "0" : searched ? "s.year" : "m.year";
        var relevance = filter.Order == MovieOrder.Relevance
            ? $"CASE WHEN {statement.ExactTitle()} THEN 0 WHEN {statement.TitleStart()} THEN 1 ELSE 2 END"
            : "0";
        var seek = after is not { } position ? null : filter.Order switch
        {
            MovieOrder.Leaving => SeekBound(statement, s_end, position, ascending: true),
            MovieOrder.Arrived => SeekBound(statement, s_start, position, ascending: false),
            MovieOrder.OldestFirst => SeekYear(statement, year, position, ascending: true),
            MovieOrder.NewestFirst => SeekYear(statement, year, position, ascending: false),
            _ => SeekRelevance(statement, relevance, year, position),
        };
        var window = after is null ? $"OFFSET {statement.Long(offset)}" : "";
        // Deferred join: the page's ids come first (from the index alone where it can), then only those movies are read.
        await using var opened = await statement.OpenAsync(db, $"""
            SELECT m.id, m.title, m.year, p.available_from, p.available_until, p.class
            FROM (
                SELECT a.movie_id, a.available_from, a.available_until, {year} AS year, {relevance} AS class
                FROM {source}{(seek is null ? "" : $" AND {seek}")}
                ORDER BY {Order(filter, "a", year, relevance)}
                {window} LIMIT {statement.Int(take)}) AS p
            JOIN movies AS m ON m.id = p.movie_id
            ORDER BY {Order(filter, "p", "p.year", "p.class")}
            """, cancellationToken);
        await using var reader = await opened.Command.ExecuteReaderAsync(cancellationToken);
        var movies = new List<FoundMovie>(take);
        while (await reader.ReadAsync(cancellationToken))
        {
            var movie = new MovieSummary(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2));
            var edge = filter.Order switch
            {
                MovieOrder.Leaving => WindowEdge.End(reader.IsDBNull(4) ? null : reader.GetDateTime(4)),
                MovieOrder.Arrived => WindowEdge.Start(reader.IsDBNull(3) ? null : reader.GetDateTime(3)),
                _ => default,
            };
            movies.Add(new FoundMovie(movie, new MoviePosition(reader.GetInt32(5), movie.Year, movie.Id, edge)));
        }

        return movies;
    }

    private static string EndOf(string alias) => $"coalesce({alias}.available_until, 'infinity'::timestamptz)";

    private static string StartOf(string alias) => $"coalesce({alias}.available_from, '-infinity'::timestamptz)";

    /// <summary>The list's order over the rows of <paramref name="alias"/> (its bounds and movie id), the year and the class.</summary>
    private static string Order(MovieFilter filter, string alias, string year, string relevance) => filter.Order switch
    {
        MovieOrder.Leaving => $"{EndOf(alias)}, {alias}.movie_id",
        MovieOrder.Arrived => $"{StartOf(alias)} DESC, {alias}.movie_id",
        MovieOrder.OldestFirst => $"{year}, {alias}.movie_id",
        MovieOrder.NewestFirst => $"{year} DESC, {alias}.movie_id",
        _ => $"{relevance}, {year} DESC, {alias}.movie_id",
    };

    /// <summary>
    /// The tables and conditions of the list: movie_availability <c>a</c> in the country, limited to the windows the
    /// filter asks for, with movie_search <c>s</c> when another filter (or the relevance of <c>q</c>) needs it, and the
    /// movies <c>m</c> when asked. It ends in the <c>WHERE</c> clause, so a condition can follow with <c>AND</c>.
    /// </summary>
    private static string Source(SearchStatement statement, MovieFilter filter, bool withMovies)
    {
        var movies = withMovies ? " JOIN movies AS m ON m.id = a.movie_id" : "";
        var sql = new StringBuilder(SearchStatement.FiltersSearch(filter)
            ? $"movie_availability AS a JOIN movie_search AS s ON s.movie_id = a.movie_id AND s.country_code = a.country_code{movies} " +
                $"WHERE {statement.Where(filter, withYears: true)}"
            : $"movie_availability AS a{movies} WHERE a.country_code = {statement.Country(filter.Country)}");

        // "Within days" of the availability clock's now, which movie_availability follows.
        const string Now = "(SELECT c.applied_until FROM availability_clock AS c WHERE c.id = 1)";
        if (filter.LeavingWithinDays is { } leaving)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {s_end} <= {Now} + make_interval(days => {statement.Int(leaving)})");
        }

        if (filter.ArrivedWithinDays is { } arrived)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {s_start} >= {Now} - make_interval(days => {statement.Int(arrived)})");
        }

        return sql.ToString();
    }

    /// <summary>After the cursor's movie along a bound's index; the redundant bound keeps it one index range.</summary>
    private static string SeekBound(SearchStatement statement, string bound, MoviePosition after, bool ascending)
    {
        var edge = after.Edge.Instant is { } instant ? $"{statement.Instant(instant)}::timestamptz"
            : after.Edge == WindowEdge.Never ? "'infinity'::timestamptz" : "'-infinity'::timestamptz";
        var id = statement.Int(after.Id);
        return ascending
            ? $"{bound} >= {edge} AND ({bound} > {edge} OR a.movie_id > {id})"
            : $"{bound} <= {edge} AND ({bound} < {edge} OR a.movie_id > {id})";
    }

    private static string SeekYear(SearchStatement statement, string year, MoviePosition after, bool ascending)
    {
        var (value, id) = (statement.Int(after.Year), statement.Int(after.Id));
        return ascending
            ? $"{year} >= {value} AND ({year} > {value} OR a.movie_id > {id})"
            : $"{year} <= {value} AND ({year} < {value} OR a.movie_id > {id})";
    }

    private static string SeekRelevance(SearchStatement statement, string relevance, string year, MoviePosition after)
    {
        var (@class, value, id) = (statement.Int(after.Class), statement.Int(after.Year), statement.Int(after.Id));
        return $"({relevance} > {@class} OR ({relevance} = {@class} AND ({year} < {value} OR ({year} = {value} AND a.movie_id > {id}))))";
    }
}
