using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Tests.Infrastructure;

/// <summary>Looks up seeded catalogue facts straight from the database, to arrange tests.</summary>
public static class Catalogue
{
    /// <summary>Movies available in <paramref name="country"/>, by id.</summary>
    public static async Task<List<int>> AvailableInAsync(this ApiFactory factory, string country)
    {
        await using var scope = factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.MovieAvailability.Where(a => a.CountryCode == country).Select(a => a.MovieId).OrderBy(id => id).ToListAsync();
    }

    /// <summary>Movies that exist but are not available in <paramref name="country"/>, by id.</summary>
    public static async Task<List<int>> UnavailableInAsync(this ApiFactory factory, string country)
    {
        await using var scope = factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Movies.Where(m => !m.Availability.Any(a => a.CountryCode == country)).Select(m => m.Id).OrderBy(id => id).ToListAsync();
    }

    /// <summary>The countries where a movie is available.</summary>
    public static async Task<List<string>> CountriesOfAsync(this ApiFactory factory, int movieId)
    {
        await using var scope = factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.MovieAvailability.Where(a => a.MovieId == movieId).Select(a => a.CountryCode).ToListAsync();
    }

    public static async Task<int> SavedRowsAsync(this ApiFactory factory, int userId, int movieId)
    {
        await using var scope = factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.SavedMovies.CountAsync(s => s.UserId == userId && s.MovieId == movieId);
    }
}
