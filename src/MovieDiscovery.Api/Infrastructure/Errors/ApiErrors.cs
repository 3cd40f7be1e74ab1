namespace MovieDiscovery.Api.Infrastructure.Errors;

/// <summary>The errors handlers return, named by what went wrong.</summary>
public static class ApiErrors
{
    public static ApiErrorResult Validation(IDictionary<string, object?> details) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, "The request has invalid parameters.", details);

    public static ApiErrorResult Forbidden() =>
        new(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "You may not access this resource.");

    public static ApiErrorResult MovieNotFound(int movieId) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.MovieNotFound, $"Movie {movieId} does not exist.", IdDetail("movie_id", movieId));

    public static ApiErrorResult UserNotFound(int userId) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.UserNotFound, $"User {userId} does not exist.", IdDetail("user_id", userId));

    public static ApiErrorResult NotSaved(int movieId) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.NotSaved, $"Movie {movieId} is not in this user's saved movies.", IdDetail("movie_id", movieId));

    public static ApiErrorResult DuplicateSave(int movieId) =>
        new(StatusCodes.Status409Conflict, ErrorCodes.DuplicateSave, $"Movie {movieId} is already in this user's saved movies.", IdDetail("movie_id", movieId));

    public static ApiErrorResult UnavailableInCountry(int movieId, string country) =>
        new(StatusCodes.Status422UnprocessableEntity, ErrorCodes.UnavailableInCountry, $"Movie {movieId} is not available in {country}.",
            new Dictionary<string, object?> { ["movie_id"] = movieId, ["country"] = country });

    public static ApiErrorResult InvalidCredentials() =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidCredentials, "The email or password is wrong.");

    private static Dictionary<string, object?> IdDetail(string name, int id) => new() { [name] = id };
}
