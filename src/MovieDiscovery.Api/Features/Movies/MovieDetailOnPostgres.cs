using System.Data;
using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Features.Genres;
using Npgsql;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>
/// The movie detail on PostgreSQL as one row, its related lists as arrays. EF Core's single query joins
/// the three lists side by side, so it returns genres × cast × countries rows (about 48 a movie at the
/// benchmark's scale) that the database sends and EF Core reads only to fold them back up.
/// </summary>
internal static class MovieDetailOnPostgres
{
    private const int Max = MovieDetail.MaxRelatedItems;

    private static readonly string s_sql = $"""
        SELECT m.title, m.year, m.runtime_minutes, m.overview, g.ids, g.names, c.ids, c.names, a.codes
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
        WHERE m.id = $1
        """;

    public static async Task<MovieDetail?> FindAsync(AppDbContext db, int movieId, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(s_sql, (NpgsqlConnection)db.Database.GetDbConnection());
            command.CommandTimeout = db.Database.GetCommandTimeout() ?? command.CommandTimeout;
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = movieId });
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            return new MovieDetail(
                movieId,
                reader.GetString(0),
                reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                Pairs(reader, 4, static (id, name) => new GenreResponse(id, name)),
                Pairs(reader, 6, static (id, name) => new ActorResponse(id, name)),
                reader.IsDBNull(8) ? [] : reader.GetFieldValue<string[]>(8));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
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
