using MovieDiscovery.Api.Features.Genres;
using MovieDiscovery.Api.Features.Movies;
using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Features.SavedMovies;

/// <summary>The batch route's example bodies in the OpenAPI document (demo catalogue ids): a request, and an answer with every item status.</summary>
internal static class SaveBatchExamples
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    public static readonly IReadOnlyDictionary<string, object> Requests = new Dictionary<string, object>
    {
        ["save_and_remove"] = new SaveBatchRequest("US", [62, 92, 999999, 85], [120, 7]),
        // Without `country`, which only saves need (the record would write it as null).
        ["remove_only"] = new Dictionary<string, int[]> { ["remove"] = [120] },
    };

    public static readonly IReadOnlyDictionary<string, object> Responses = new Dictionary<string, object>
    {
        ["every_item_status"] = new SaveBatchResponse(
        [
            new(62, SaveBatchItem.SaveAction, StatusCodes.Status201Created, SavedMovieDetail.Of(
                new MovieDetail(62, "Goodfellas", 1990, null, 146, "The story of Henry Hill and his decades inside the New York mob.",
                    [new GenreResponse(5, "Crime"), new GenreResponse(6, "Drama")], [new ActorResponse(7, "Robert De Niro")], ["BR", "DE", "GB", "US"],
                    [.. new[] { "BR", "DE", "GB", "US" }.Select(country => new CountryWindow(country, null, null))]),
                new DateTime(2026, 11, 27, 14, 2, 6, DateTimeKind.Utc))),
            Failed(92, SaveBatchItem.SaveAction, ApiErrors.UnavailableInCountry(92, "US", ["GB", "JP"])),
            Failed(999999, SaveBatchItem.SaveAction, ApiErrors.MovieNotFound(999999)),
            Failed(85, SaveBatchItem.SaveAction, ApiErrors.DuplicateSave(85)),
            new(120, SaveBatchItem.RemoveAction, StatusCodes.Status204NoContent),
            Failed(7, SaveBatchItem.RemoveAction, ApiErrors.NotSaved(7)),
        ]),
    };

    private static SaveBatchItem Failed(int movieId, string action, ApiErrorResult error) =>
        new(movieId, action, error.StatusCode,
            Error: new ApiError(error.Code, error.Message, new Dictionary<string, object?>(error.Details) { [ErrorResponseWriter.TraceIdKey] = TraceId }));
}
