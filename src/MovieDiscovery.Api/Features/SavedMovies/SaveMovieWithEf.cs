using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Features.Movies;

namespace MovieDiscovery.Api.Features.SavedMovies;

/// <summary>A save through EF Core, on any provider (SQLite uses it): check, insert, then read the detail.</summary>
internal static class SaveMovieWithEf
{
    public static async Task<SaveResult> SaveAsync(
        AppDbContext db, int userId, int movieId, string country, DateTime dateAdded, CancellationToken cancellationToken)
    {
        var available = await SavedMovieQueries.Availability.For(db)(db, movieId, country, cancellationToken);
        if (available is not true)
        {
            return available is null ? SaveResult.MovieNotFound : SaveResult.Unavailable;
        }

        // The primary key decides between concurrent saves: exactly one insert wins, the rest affect no row.
        var inserted = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO saved_movies (user_id, movie_id, date_added) VALUES ({userId}, {movieId}, {dateAdded}) ON CONFLICT DO NOTHING",
            cancellationToken);
        return inserted == 0 ? SaveResult.Duplicate : SaveResult.Saved((await db.FindMovieDetailAsync(movieId, cancellationToken))!);
    }
}
