using System.Text.Json.Serialization;
using MovieDiscovery.Api.Features.Genres;
using MovieDiscovery.Api.Features.Movies;

namespace MovieDiscovery.Api.Features.SavedMovies;

/// <summary>A movie in a user's saved list.</summary>
public sealed record SavedMovieSummary(int Id, string Title, int Year, DateTime DateAdded) : MovieSummary(Id, Title, Year);

/// <summary>The movie detail plus when the user saved it.</summary>
public sealed record SavedMovieDetail(
    int Id,
    string Title,
    int Year,
    string? ExternalId,
    int? RuntimeMinutes,
    string? Overview,
    IReadOnlyList<GenreResponse> Genres,
    IReadOnlyList<ActorResponse> Cast,
    IReadOnlyList<string> Countries,
    IReadOnlyList<CountryWindow> Availability,
    [property: JsonPropertyOrder(1)] DateTime DateAdded)
    : MovieDetail(Id, Title, Year, ExternalId, RuntimeMinutes, Overview, Genres, Cast, Countries, Availability)
{
    public static SavedMovieDetail Of(MovieDetail movie, DateTime dateAdded) =>
        new(movie.Id, movie.Title, movie.Year, movie.ExternalId, movie.RuntimeMinutes, movie.Overview, movie.Genres, movie.Cast, movie.Countries,
            movie.Availability, dateAdded);
}
