namespace MovieDiscovery.Api.Infrastructure.Errors;

/// <summary>
/// One example of every error code, with its status. The OpenAPI document is built from it, so the
/// documented status of a code and its example are those the API really answers with.
/// </summary>
public static class ErrorCatalog
{
    public static IReadOnlyDictionary<string, ApiErrorResult> Examples { get; } = new[]
    {
        ApiErrors.Validation(new Dictionary<string, object?> { ["page_size"] = "must be an integer from 1 to 100" }),
        new ApiErrorResult(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "A bearer token is required."),
        ApiErrors.InvalidCredentials(),
        ApiErrors.Forbidden(),
        new ApiErrorResult(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No resource at /v1/nothing."),
        ApiErrors.MovieNotFound(42),
        ApiErrors.UserNotFound(7),
        ApiErrors.NotSaved(42),
        ApiErrors.DuplicateSave(42),
        ApiErrors.UnavailableInCountry(42, "JP"),
        new ApiErrorResult(StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed, "PUT is not allowed on /v1/genres."),
        new ApiErrorResult(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "The request body is larger than 16384 bytes."),
        new ApiErrorResult(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "The request body must be application/json."),
        new ApiErrorResult(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many requests; retry later.",
            new Dictionary<string, object?> { ["retry_after_seconds"] = 12 }),
        new ApiErrorResult(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, "The database is unavailable; retry later."),
        new ApiErrorResult(StatusCodes.Status500InternalServerError, ErrorCodes.InternalError, "An unexpected error occurred. Quote the trace id when reporting it."),
    }.ToDictionary(e => e.Code);

    public static int StatusOf(string code) => Examples[code].StatusCode;
}
