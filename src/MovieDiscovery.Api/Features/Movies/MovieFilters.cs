using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>The catalogue's filters, shared by the movie list and the saved list.</summary>
public static class MovieFilters
{
    /// <summary>Movies that can be watched in <paramref name="countryCode"/> (upper case).</summary>
    public static IQueryable<Movie> AvailableIn(this IQueryable<Movie> movies, string countryCode) =>
        movies.Where(m => m.Availability.Any(a => a.CountryCode == countryCode));

    /// <summary>Movies that have the genre (among possibly several).</summary>
    public static IQueryable<Movie> OfGenre(this IQueryable<Movie> movies, int? genreId) =>
        genreId is { } id ? movies.Where(m => m.Genres.Any(g => g.GenreId == id)) : movies;
}
