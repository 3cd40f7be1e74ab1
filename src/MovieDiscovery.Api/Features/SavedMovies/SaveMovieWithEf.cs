using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Features.Movies;

namespace MovieDiscovery.Api.Features.SavedMovies;

/// <summary>A save through EF Core on SQLite: check, insert, then read the detail.</summary>
internal static class SaveMovieWithEf
{
    public static async Task<SaveResult> SaveAsync(
        AppDbContext db, int userId, int movieId, string country, CancellationToken cancellationToken)
    {
        var available = await SavedMovieQueries.Availability.For(db)(db, movieId, country, cancellationToken);
        if (available is not true)
        {
            return available is null ? SaveResult.MovieNotFound : SaveResult.Unavailable;
        }

        // The primary key decides between concurrent saves: exactly one insert wins, the rest return no row.
        // The date is the database's clock (milliseconds), written as EF Core writes dates, so they sort as text.
        var inserted = await db.Database.SqlQuery<DateTime>($"""
            INSERT INTO saved_movies (user_id, movie_id, date_added)
            VALUES ({userId}, {movieId}, rtrim(rtrim(strftime('%Y-%m-%d %H:%M:%f', 'now'), '0'), '.'))
            ON CONFLICT DO NOTHING
            RETURNING date_added AS "Value"
            """).ToListAsync(cancellationToken);
        return inserted.Count == 0
            ? SaveResult.Duplicate
            : SaveResult.Saved((await db.FindMovieDetailAsync(movieId, cancellationToken))!, DateTime.SpecifyKind(inserted[0], DateTimeKind.Utc));
    }
}
