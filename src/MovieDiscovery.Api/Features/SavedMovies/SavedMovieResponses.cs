using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MovieDiscovery.Api.Features.Genres;
using MovieDiscovery.Api.Features.Movies;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.Validation;

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

/// <summary>The answer to a batch: one item per movie id, the saves first, then the removes, each in the order sent.</summary>
public sealed record SaveBatchResponse([property: MaxLength(SaveBatchRequest.MaxIds)] IReadOnlyList<SaveBatchItem> Data);

/// <summary>
/// What became of one movie id of a batch: the status its single route would have answered, with that route's body:
/// the saved movie for 201, the error for 404, 409 and 422, nothing for 204.
/// </summary>
public sealed record SaveBatchItem(
    [property: Id] int MovieId,
    [property: AllowedValues(SaveBatchItem.SaveAction, SaveBatchItem.RemoveAction)] string Action,
    [property: AllowedValues(201, 204, 404, 409, 422), Range(201, 422)] int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SavedMovieDetail? SavedMovie = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ApiError? Error = null)
{
    public const string SaveAction = "save";
    public const string RemoveAction = "remove";
}
