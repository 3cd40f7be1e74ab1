using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>
/// A filtered movie list on PostgreSQL, from movie_search (<see cref="MovieSearch"/>): the list's counts per year
/// (and relevance class) in one index-only scan of the country's range, which gives the exact total and where the
/// page starts, then the page itself from the year it starts in (docs/decisions/0080-discovery-filters-from-one-index.md).
/// Each statement names only the filters the request uses, so no row pays for a filter that is not there.
/// </summary>
internal static class MovieSearchOnPostgres
{
    public static async Task<FoundPage> FindAsync(
        AppDbContext db, MovieFilter filter, long offset, int take, MoviePosition? after, CancellationToken cancellationToken)
    {
        var counts = await CountAsync(db, filter, cancellationToken);
        var movies = new List<FoundMovie>(take);
        foreach (var segment in SearchPagePlan.Segments(counts, filter.Order == MovieOrder.OldestFirst, offset, after))
        {
            await ReadAsync(db, filter, segment, take - movies.Count, movies, cancellationToken);
            if (movies.Count == take)
            {
                break;
            }
        }

        return new FoundPage(counts.Sum(c => c.Count), movies);
    }

    /// <summary>The list's counts per year, in list order; per relevance class and year when the list is by relevance.</summary>
    private static async Task<List<YearCount>> CountAsync(AppDbContext db, MovieFilter filter, CancellationToken cancellationToken)
    {
        var statement = new SearchStatement();
        var where = statement.Where(filter, withYears: true);
        var byRelevance = filter.Order == MovieOrder.Relevance;
        var classes = byRelevance
            ? $", count(*) FILTER (WHERE {statement.ExactTitle()}), count(*) FILTER (WHERE {statement.TitleStart()})"
            : "";
        var direction = filter.Order == MovieOrder.OldestFirst ? "" : " DESC";
        await using var opened = await statement.OpenAsync(db, $"""
            SELECT s.year, count(*){classes}
            FROM movie_search AS s
            WHERE {where}
            GROUP BY s.year
            ORDER BY s.year{direction}
            """, cancellationToken);
        await using var reader = await opened.Command.ExecuteReaderAsync(cancellationToken);
        var counts = new List<YearCount>();
        var starting = new List<YearCount>();
        var rest = new List<YearCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var (year, all) = (reader.GetInt32(0), reader.GetInt64(1));
            if (!byRelevance)
            {
                counts.Add(new YearCount(0, year, all));
                continue;
            }

            var (exact, start) = (reader.GetInt64(2), reader.GetInt64(3));
            Add(counts, 0, year, exact);
            Add(starting, 1, year, start - exact);
            Add(rest, 2, year, all - start);
        }

        counts.AddRange(starting);
        counts.AddRange(rest);
        return counts;

        static void Add(List<YearCount> counts, int @class, int year, long count)
        {
            if (count > 0)
            {
                counts.Add(new YearCount(@class, year, count));
            }
        }
    }

    /// <summary>Up to <paramref name="take"/> movies of one segment, in list order, added to <paramref name="movies"/>.</summary>
    private static async Task ReadAsync(
        AppDbContext db, MovieFilter filter, SearchSegment segment, int take, List<FoundMovie> movies, CancellationToken cancellationToken)
    {
        var statement = new SearchStatement();
        var where = statement.Where(filter, withYears: false);
        var (start, afterId, end) = (statement.Int(segment.StartYear), statement.Int(segment.AfterId), statement.Int(segment.EndYear));
        // The seek: the start year's movies after the given id, then the years after it, up to the class's last year.
        var (range, direction) = filter.Order == MovieOrder.OldestFirst
            ? ($"s.year >= {start} AND (s.year > {start} OR s.movie_id > {afterId}) AND s.year <= {end}", "")
            : ($"s.year <= {start} AND (s.year < {start} OR s.movie_id > {afterId}) AND s.year >= {end}", " DESC");
        var inClass = filter.Order != MovieOrder.Relevance ? "" : segment.Class switch
        {
            0 => $" AND {statement.ExactTitle()}",
            1 => $" AND {statement.TitleStart()} AND NOT {statement.ExactTitle()}",
            _ => $" AND NOT {statement.TitleStart()}",
        };
        // Deferred join: the page's ids come from the index alone, then only those movies are read.
        await using var opened = await statement.OpenAsync(db, $"""
            SELECT m.id, m.title, m.year
            FROM (
                SELECT s.year, s.movie_id
                FROM movie_search AS s
                WHERE {where} AND {range}{inClass}
                ORDER BY s.year{direction}, s.movie_id
                OFFSET {statement.Long(segment.Skip)} LIMIT {statement.Int(take)}) AS p
            JOIN movies AS m ON m.id = p.movie_id
            ORDER BY p.year{direction}, p.movie_id
            """, cancellationToken);
        await using var reader = await opened.Command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var movie = new MovieSummary(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2));
            movies.Add(new FoundMovie(movie, new MoviePosition(segment.Class, movie.Year, movie.Id)));
        }
    }
}
