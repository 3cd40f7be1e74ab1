using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>Row counts of every table an attack could change, read straight from the database.</summary>
public sealed record DataSnapshot(int Movies, int Users, int SavedMovies, int Genres, int Countries, int Availability, int Cast)
{
    public static async Task<DataSnapshot> TakeAsync(ApiFactory factory)
    {
        await using var scope = factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return new DataSnapshot(
            await db.Movies.CountAsync(),
            await db.Users.CountAsync(),
            await db.SavedMovies.CountAsync(),
            await db.Genres.CountAsync(),
            await db.Countries.CountAsync(),
            await db.MovieAvailability.CountAsync(),
            await db.Cast.CountAsync());
    }

    /// <summary>The movie ids a user has saved, in id order.</summary>
    public static async Task<List<int>> SavedByAsync(ApiFactory factory, int userId)
    {
        await using var scope = factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.SavedMovies.Where(s => s.UserId == userId).Select(s => s.MovieId).OrderBy(id => id).ToListAsync();
    }
}
