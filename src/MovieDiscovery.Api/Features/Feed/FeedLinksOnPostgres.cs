using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using Npgsql;
using NpgsqlTypes;

namespace MovieDiscovery.Api.Features.Feed;

/// <summary>
/// A batch's new genre links, cast rows and windows on PostgreSQL: one statement per table for the whole batch. The
/// triggers of those tables run once per statement (the windows' apply the availability, which refreshes the listing
/// and search of every movie it touched), so rows added one statement each, as EF Core sends them, ran them once per
/// row. Genres go first, so the availability applied last lists each movie with its genres at once.
/// </summary>
internal static class FeedLinksOnPostgres
{
    private const string GenresSql = """
        INSERT INTO movie_genres (movie_id, genre_id)
        SELECT * FROM unnest(@movie_ids, @genre_ids) ORDER BY 1, 2
        """;

    private const string CastSql = """
        INSERT INTO "cast" (movie_id, actor_id, billing)
        SELECT * FROM unnest(@movie_ids, @actor_ids, @billings) ORDER BY 1, 3
        """;

    private const string WindowsSql = """
        INSERT INTO availability_windows (movie_id, country_code, available_from, available_until)
        SELECT * FROM unnest(@movie_ids, @country_codes, @available_from, @available_until) ORDER BY 1, 2, 3
        """;

    public static async Task InsertAsync(
        AppDbContext db,
        IReadOnlyList<(int MovieId, int GenreId)> genres,
        IReadOnlyList<(int MovieId, int ActorId, int Billing)> cast,
        IReadOnlyList<(int MovieId, string Country, DateTime? From, DateTime? Until)> windows,
        CancellationToken cancellationToken)
    {
        if (genres.Count > 0)
        {
            await db.Database.ExecuteSqlRawAsync(GenresSql, [
                Integers("movie_ids", genres.Select(g => g.MovieId)),
                Integers("genre_ids", genres.Select(g => g.GenreId))], cancellationToken);
        }

        if (cast.Count > 0)
        {
            await db.Database.ExecuteSqlRawAsync(CastSql, [
                Integers("movie_ids", cast.Select(c => c.MovieId)),
                Integers("actor_ids", cast.Select(c => c.ActorId)),
                Integers("billings", cast.Select(c => c.Billing))], cancellationToken);
        }

        if (windows.Count > 0)
        {
            await db.Database.ExecuteSqlRawAsync(WindowsSql, [
                Integers("movie_ids", windows.Select(w => w.MovieId)),
                new NpgsqlParameter<string[]>("country_codes", [.. windows.Select(w => w.Country)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Char },
                Instants("available_from", windows.Select(w => w.From)),
                Instants("available_until", windows.Select(w => w.Until))], cancellationToken);
        }
    }

    private static NpgsqlParameter<int[]> Integers(string name, IEnumerable<int> values) => new(name, [.. values]);

    private static NpgsqlParameter<DateTime?[]> Instants(string name, IEnumerable<DateTime?> values) =>
        new(name, [.. values.Select(v => v is { } instant ? DateTime.SpecifyKind(instant, DateTimeKind.Utc) : (DateTime?)null)])
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
        };
}
