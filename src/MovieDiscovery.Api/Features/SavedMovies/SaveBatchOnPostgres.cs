using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Features.Movies;
using Npgsql;
using NpgsqlTypes;

namespace MovieDiscovery.Api.Features.SavedMovies;

/// <summary>
/// A batch on PostgreSQL in one statement for the saves and one for the removes, whatever the number of ids, where
/// the generic path (<see cref="SavedMovieQueries.SaveBatchAsync"/>) runs each item on its own.
/// </summary>
internal static class SaveBatchOnPostgres
{
    // $1 movie ids in request order, $2 country, $3 user; the date added is the primary's clock, as for a single save. Per id, in request order: whether the movie
    // exists, whether it is available, whether this statement saved it, where it is available when it is not, and the
    // detail when it was saved. The primary key decides between concurrent saves of one movie, as for a single save;
    // the rows go in in id order, so two batches that save the same movies wait for each other rather than deadlock.
    private static readonly string s_saveSql = $"""
        WITH wanted AS (
            SELECT w.movie_id, w.position, m.id IS NOT NULL AS found,
                EXISTS (SELECT 1 FROM movie_availability AS a WHERE a.movie_id = w.movie_id AND a.country_code = $2) AS available
            FROM unnest($1::integer[]) WITH ORDINALITY AS w (movie_id, position)
            LEFT JOIN movies AS m ON m.id = w.movie_id),
        inserted AS (
            INSERT INTO saved_movies (user_id, movie_id, date_added)
            SELECT $3, w.movie_id, now() FROM wanted AS w WHERE w.found AND w.available
            ORDER BY w.movie_id
            ON CONFLICT DO NOTHING
            RETURNING movie_id, date_added)
        SELECT w.movie_id, w.found, w.available, i.date_added,
            CASE WHEN w.found AND NOT w.available THEN ARRAY(
                SELECT a.country_code::text FROM movie_availability AS a WHERE a.movie_id = w.movie_id ORDER BY a.country_code) END,
            d.*
        FROM wanted AS w
        LEFT JOIN inserted AS i ON i.movie_id = w.movie_id
        LEFT JOIN LATERAL ({MovieDetailOnPostgres.SqlFor("i.movie_id")}) AS d ON true
        ORDER BY w.position
        """;

    // $1 movie ids in request order, $2 user: per id, in request order, whether it was in the list (and is no more).
    private const string RemoveSql = """
        WITH removed AS (
            DELETE FROM saved_movies AS s WHERE s.user_id = $2 AND s.movie_id = ANY ($1::integer[])
            RETURNING s.movie_id)
        SELECT r.movie_id, EXISTS (SELECT 1 FROM removed AS d WHERE d.movie_id = r.movie_id)
        FROM unnest($1::integer[]) WITH ORDINALITY AS r (movie_id, position)
        ORDER BY r.position
        """;

    public static async Task<List<SaveResult>> SaveAsync(
        AppDbContext db, int userId, IReadOnlyList<int> movieIds, string country, CancellationToken cancellationToken)
    {
        await using var opened = await db.OpenCommandAsync(s_saveSql, cancellationToken);
        var parameters = opened.Command.Parameters;
        parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. movieIds] });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = country, NpgsqlDbType = NpgsqlDbType.Char });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = userId });
        await using var reader = await opened.Command.ExecuteReaderAsync(cancellationToken);
        var results = new List<SaveResult>(movieIds.Count);
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add((reader.GetBoolean(1), reader.GetBoolean(2), !reader.IsDBNull(3)) switch
            {
                (false, _, _) => SaveResult.MovieNotFound,
                (true, false, _) => SaveResult.Unavailable(reader.GetFieldValue<string[]>(4)),
                (true, true, true) => SaveResult.Saved(MovieDetailOnPostgres.Read(reader, reader.GetInt32(0), 5), reader.GetDateTime(3)),
                _ => SaveResult.Duplicate,
            });
        }

        return results;
    }

    public static async Task<List<bool>> RemoveAsync(AppDbContext db, int userId, IReadOnlyList<int> movieIds, CancellationToken cancellationToken)
    {
        await using var opened = await db.OpenCommandAsync(RemoveSql, cancellationToken);
        opened.Command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. movieIds] });
        opened.Command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = userId });
        await using var reader = await opened.Command.ExecuteReaderAsync(cancellationToken);
        var removed = new List<bool>(movieIds.Count);
        while (await reader.ReadAsync(cancellationToken))
        {
            removed.Add(reader.GetBoolean(1));
        }

        return removed;
    }
}
