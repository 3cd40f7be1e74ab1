using System.Data;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Features.Genres;
using Npgsql;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>
/// The movie detail on PostgreSQL as one row, its related lists as arrays. EF Core's single query joins
/// the three lists side by side, so it returns genres × cast × countries rows that the database sends
/// and EF Core reads only to fold them back up.
/// </summary>
internal static class MovieDetailOnPostgres
{
    private const int Max = MovieDetail.MaxRelatedItems;

    /// <summary>The detail of movie <c>$1</c>, in the columns <see cref="Read"/> expects; no row when there is no such movie.</summary>
    public static readonly string Sql = SqlFor("$1");

    /// <summary>The detail of the movie whose id is <paramref name="id"/> (a parameter, or a column of an outer query).</summary>
    public static string SqlFor(string id) => $"""
        SELECT m.title, m.year, m.external_id, m.runtime_minutes, m.overview,
            g.ids AS genre_ids, g.names AS genre_names, c.ids AS actor_ids, c.names AS actor_names, a.codes AS countries,
            w.codes AS window_countries, w.froms AS window_froms, w.untils AS window_untils
        FROM movies AS m
        CROSS JOIN LATERAL (
            SELECT array_agg(g.id ORDER BY g.name, g.id) AS ids, array_agg(g.name ORDER BY g.name, g.id) AS names
            FROM (
                SELECT g.id, g.name FROM movie_genres AS mg JOIN genres AS g ON g.id = mg.genre_id
                WHERE mg.movie_id = m.id ORDER BY g.name, g.id LIMIT {Max}) AS g) AS g
        CROSS JOIN LATERAL (
            SELECT array_agg(c.id ORDER BY c.billing, c.id) AS ids, array_agg(c.name ORDER BY c.billing, c.id) AS names
            FROM (
                SELECT a.id, a.name, c.billing FROM "cast" AS c JOIN actors AS a ON a.id = c.actor_id
                WHERE c.movie_id = m.id ORDER BY c.billing, a.id LIMIT {Max}) AS c) AS c
        CROSS JOIN LATERAL (
            SELECT array_agg(a.country_code::text ORDER BY a.country_code) AS codes
            FROM movie_availability AS a WHERE a.movie_id = m.id) AS a
        CROSS JOIN LATERAL (
            SELECT array_agg(w.country_code::text ORDER BY w.country_code, w.available_from NULLS FIRST) AS codes,
                array_agg(w.available_from ORDER BY w.country_code, w.available_from NULLS FIRST) AS froms,
                array_agg(w.available_until ORDER BY w.country_code, w.available_from NULLS FIRST) AS untils
            FROM availability_windows AS w, availability_clock AS clock
            WHERE w.movie_id = m.id AND clock.id = 1
              AND (w.available_until IS NULL OR w.available_until > clock.applied_until)
              AND (w.available_from IS NULL OR w.available_from <= clock.applied_until + interval '{(int)MovieDetail.UpcomingWithin.TotalDays} days')) AS w
        WHERE m.id = {id}
        """;

    public static async Task<MovieDetail?> FindAsync(AppDbContext db, int movieId, CancellationToken cancellationToken)
    {
        await using var opened = await db.OpenCommandAsync(Sql, cancellationToken);
        opened.Command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = movieId });
        await using var reader = await opened.Command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader, movieId, 0) : null;
    }

    /// <summary>The detail from the current row, its columns starting at <paramref name="first"/>.</summary>
    public static MovieDetail Read(NpgsqlDataReader reader, int movieId, int first) => new(
        movieId,
        reader.GetString(first),
        reader.GetInt32(first + 1),
        reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2),
        reader.IsDBNull(first + 3) ? null : reader.GetInt32(first + 3),
        reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4),
        Pairs(reader, first + 5, static (id, name) => new GenreResponse(id, name)),
        Pairs(reader, first + 7, static (id, name) => new ActorResponse(id, name)),
        reader.IsDBNull(first + 9) ? [] : reader.GetFieldValue<string[]>(first + 9),
        Windows(reader, first + 10));

    /// <summary>The windows from three parallel columns: countries, starts, ends (NULL when there is none).</summary>
    private static CountryWindow[] Windows(NpgsqlDataReader reader, int codesColumn)
    {
        if (reader.IsDBNull(codesColumn))
        {
            return [];
        }

        var codes = reader.GetFieldValue<string[]>(codesColumn);
        var froms = reader.GetFieldValue<DateTime?[]>(codesColumn + 1);
        var untils = reader.GetFieldValue<DateTime?[]>(codesColumn + 2);
        var windows = new CountryWindow[Math.Min(codes.Length, MovieDetail.MaxWindowsShown)];
        for (var i = 0; i < windows.Length; i++)
        {
            windows[i] = new CountryWindow(codes[i], froms[i], untils[i]);
        }

        return windows;
    }

    /// <summary>Zips an ids column and the names column after it; an empty list comes back as NULL.</summary>
    private static T[] Pairs<T>(NpgsqlDataReader reader, int idsColumn, Func<int, string, T> pair)
    {
        if (reader.IsDBNull(idsColumn))
        {
            return [];
        }

        var ids = reader.GetFieldValue<int[]>(idsColumn);
        var names = reader.GetFieldValue<string[]>(idsColumn + 1);
        var items = new T[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            items[i] = pair(ids[i], names[i]);
        }

        return items;
    }
}
