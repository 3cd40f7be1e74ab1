using System.Globalization;
using System.Text;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;
using Npgsql;
using NpgsqlTypes;

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
        var statement = new Statement();
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
        var statement = new Statement();
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

    /// <summary>A statement's text fragments and its positional parameters, numbered as they are added.</summary>
    private sealed class Statement
    {
        private readonly List<NpgsqlParameter> _parameters = [];
        private string? _query;

        /// <summary>The filter's conditions on movie_search <c>s</c>: only those the filter uses.</summary>
        public string Where(MovieFilter filter, bool withYears)
        {
            var where = new StringBuilder($"s.country_code = {Add(new NpgsqlParameter<string> { TypedValue = filter.Country, NpgsqlDbType = NpgsqlDbType.Char })}");
            if (withYears && filter.YearFrom is { } from)
            {
                where.Append(CultureInfo.InvariantCulture, $" AND s.year >= {Int(from)}");
            }

            if (withYears && filter.YearTo is { } to)
            {
                where.Append(CultureInfo.InvariantCulture, $" AND s.year <= {Int(to)}");
            }

            // Genres up to MovieSearch.MaskedGenres are bits of genre_mask; its sign bit (genre_mask < 0) says that the
            // movie has others, listed in other_genre_ids, which is read only then.
            if (filter.Genres.Count > 0)
            {
                var (mask, others) = Split(filter.Genres);
                var bits = mask == 0 ? null : Long(mask);
                var list = others is null ? null : Ints(others);
                if (filter.MatchAll)
                {
                    where.Append(bits is null ? "" : $" AND (s.genre_mask & {bits}) = {bits}");
                    where.Append(list is null ? "" : $" AND s.genre_mask < 0 AND s.other_genre_ids @> {list}");
                }
                else
                {
                    var anyBit = bits is null ? null : $"(s.genre_mask & {bits}) <> 0";
                    var anyOther = list is null ? null : $"s.genre_mask < 0 AND s.other_genre_ids && {list}";
                    where.Append(CultureInfo.InvariantCulture, $" AND ({string.Join(" OR ", new[] { anyBit, anyOther }.OfType<string>())})");
                }
            }

            if (filter.ExcludedGenres.Count > 0)
            {
                var (mask, others) = Split(filter.ExcludedGenres);
                where.Append(mask == 0 ? "" : $" AND (s.genre_mask & {Long(mask)}) = 0");
                where.Append(others is null ? "" : $" AND (s.genre_mask >= 0 OR NOT s.other_genre_ids && {Ints(others)})");
            }

            if (filter.Query is { } query)
            {
                // Every word of the query starts a word of the title. The query is normalised by the same title_words as
                // the titles, once (an init plan); no word at all leaves a NULL array, which matches nothing.
                _query = Add(new NpgsqlParameter<string> { TypedValue = query });
                where.Append(CultureInfo.InvariantCulture,
                    $" AND s.title_words LIKE ALL ((SELECT array_agg('% ' || w || '%') FROM unnest(string_to_array(btrim(title_words({_query})), ' ')) AS w)::text[])");
            }

            return where.ToString();
        }

        /// <summary>The title is the query (after normalisation). Only after <see cref="Where"/> with a query.</summary>
        public string ExactTitle() => $"s.title_words = (SELECT title_words({_query}))";

        /// <summary>The title starts with the query (its last word possibly a prefix). Only after <see cref="Where"/> with a query.</summary>
        public string TitleStart() => $"s.title_words LIKE (SELECT rtrim(title_words({_query})) || '%')";

        public string Int(int value) => Add(new NpgsqlParameter<int> { TypedValue = value });

        public string Long(long value) => Add(new NpgsqlParameter<long> { TypedValue = value });

        public async Task<OpenCommand> OpenAsync(AppDbContext db, string sql, CancellationToken cancellationToken)
        {
            var opened = await db.OpenCommandAsync(sql, cancellationToken);
            foreach (var parameter in _parameters)
            {
                opened.Command.Parameters.Add(parameter);
            }

            return opened;
        }

        private string Ints(int[] values) => Add(new NpgsqlParameter<int[]> { TypedValue = values });

        private string Add(NpgsqlParameter parameter)
        {
            _parameters.Add(parameter);
            return $"${_parameters.Count}";
        }

        /// <summary>The genres as movie_search holds them: the bits of those up to the masked ones, and the others (or null).</summary>
        private static (long Mask, int[]? Others) Split(IReadOnlyList<int> genres)
        {
            var mask = 0L;
            foreach (var genre in genres.Where(g => g <= MovieSearch.MaskedGenres))
            {
                mask |= 1L << (genre - 1);
            }

            var others = genres.Where(g => g > MovieSearch.MaskedGenres).ToArray();
            return (mask, others.Length == 0 ? null : others);
        }
    }
}
