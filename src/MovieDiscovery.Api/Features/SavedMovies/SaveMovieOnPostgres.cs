using System.Data;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Features.Movies;
using Npgsql;
using NpgsqlTypes;

namespace MovieDiscovery.Api.Features.SavedMovies;

/// <summary>
/// A save on PostgreSQL in one statement, one round trip: the availability check, the insert and, when
/// it inserted, the movie's detail, where the generic path (<see cref="SavedMovieQueries.SaveAsync"/>) takes three.
/// </summary>
internal static class SaveMovieOnPostgres
{
    // $1 movie, $2 country, $3 user. `available` is NULL when there is no such movie; when it is false,
    // `available_in` lists where the movie is available. `date_added` is NULL unless this statement inserted the
    // row, and then it is what was stored: the primary's clock, so saves through any instance are ordered by one clock.
    private static readonly string s_sql = $"""
        WITH movie AS (
            SELECT EXISTS (SELECT 1 FROM movie_availability AS a WHERE a.movie_id = m.id AND a.country_code = $2) AS available
            FROM movies AS m
            WHERE m.id = $1),
        inserted AS (
            INSERT INTO saved_movies (user_id, movie_id, date_added)
            SELECT $3, $1, now() FROM movie WHERE available
            ON CONFLICT DO NOTHING
            RETURNING date_added)
        SELECT (SELECT available FROM movie), (SELECT date_added FROM inserted),
            CASE WHEN NOT (SELECT available FROM movie) THEN ARRAY(
                SELECT a.country_code::text FROM movie_availability AS a WHERE a.movie_id = $1 ORDER BY a.country_code) END AS available_in,
            detail.*
        FROM (SELECT 1) AS one
        LEFT JOIN (SELECT * FROM ({MovieDetailOnPostgres.Sql}) AS d WHERE EXISTS (SELECT 1 FROM inserted)) AS detail ON true
        """;

    public static async Task<SaveResult> SaveAsync(
        AppDbContext db, int userId, int movieId, string country, CancellationToken cancellationToken)
    {
        await using var opened = await db.OpenCommandAsync(s_sql, cancellationToken);
        var parameters = opened.Command.Parameters;
        parameters.Add(new NpgsqlParameter<int> { TypedValue = movieId });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = country, NpgsqlDbType = NpgsqlDbType.Char });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = userId });
        await using var reader = await opened.Command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.IsDBNull(0))
        {
            return SaveResult.MovieNotFound;
        }

        if (!reader.GetBoolean(0))
        {
            return SaveResult.Unavailable(reader.GetFieldValue<string[]>(2));
        }

        return reader.IsDBNull(1) ? SaveResult.Duplicate : SaveResult.Saved(MovieDetailOnPostgres.Read(reader, movieId, 3), reader.GetDateTime(1));
    }
}
