namespace MovieDiscovery.Api.Infrastructure.Errors;

/// <summary>
/// Every error the API answers with, one line each: its status, its code and its message. Handlers,
/// filters, middleware, the framework's own answers and the OpenAPI examples all build errors here,
/// so a status or a message is written in one place only.
/// </summary>
public static class ApiErrors
{
    // 400 and the other client errors that are about the request's shape: VALIDATION_ERROR.
    public static ApiErrorResult InvalidParameters(IDictionary<string, object?> details) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, "The request has invalid parameters.", details);

    public static ApiErrorResult InvalidBody(string problem) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, "The request body is not valid.", Detail("body", problem));

    public static ApiErrorResult MalformedBody() =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, "The request body is missing or malformed.");

    public static ApiErrorResult MalformedRequest() =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, "The request is malformed.");

    /// <summary>A header value with a byte outside visible ASCII (RFC 9110 field values are ASCII here).</summary>
    public static ApiErrorResult InvalidHeader(string name) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, $"The {Shown(name)} header may hold only visible ASCII characters.",
            Detail(name, "only visible ASCII characters"));

    public static ApiErrorResult UnstorableText() =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, "A value contains characters that cannot be stored (such as NUL).");

    public static ApiErrorResult TargetTooLong(int maxBytes) =>
        new(StatusCodes.Status414UriTooLong, ErrorCodes.ValidationError, $"The request target is longer than {maxBytes} bytes.", Detail("max_bytes", maxBytes));

    public static ApiErrorResult HeadersTooLarge(int maxBytes) =>
        new(StatusCodes.Status431RequestHeaderFieldsTooLarge, ErrorCodes.ValidationError, $"The request headers are larger than {maxBytes} bytes.", Detail("max_bytes", maxBytes));

    /// <summary>A client error the framework answered without a body and without a more specific code.</summary>
    public static ApiErrorResult CannotProcess(int status) =>
        new(status, ErrorCodes.ValidationError, "The request cannot be processed.");

    // 401: UNAUTHORIZED, INVALID_CREDENTIALS.
    public static ApiErrorResult TokenRequired() =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "A bearer token is required.");

    public static ApiErrorResult TokenInvalid() =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "The bearer token is invalid or expired.");

    public static ApiErrorResult NotAuthenticated() =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "A valid bearer token is required.");

    /// <summary>A valid token whose user has since been removed: it stands for no one.</summary>
    public static ApiErrorResult TokenUserGone() =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "The token's user no longer exists.");

    public static ApiErrorResult InvalidCredentials() =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidCredentials, "The email or password is wrong.");

    // 403, 404, 405, 409, 422.
    public static ApiErrorResult Forbidden() =>
        new(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "You may not access this resource.");

    public static ApiErrorResult NoRoute(string path) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"No resource at {Shown(path)}.");

    public static ApiErrorResult MovieNotFound(int movieId) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.MovieNotFound, $"Movie {movieId} does not exist.", Detail("movie_id", movieId));

    public static ApiErrorResult UserNotFound(int userId) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.UserNotFound, $"User {userId} does not exist.", Detail("user_id", userId));

    public static ApiErrorResult NotSaved(int movieId) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.NotSaved, $"Movie {movieId} is not in this user's saved movies.", Detail("movie_id", movieId));

    public static ApiErrorResult MethodNotAllowed(string method, string path) =>
        new(StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed, $"{Shown(method)} is not allowed on {Shown(path)}.");

    public static ApiErrorResult DuplicateSave(int movieId) =>
        new(StatusCodes.Status409Conflict, ErrorCodes.DuplicateSave, $"Movie {movieId} is already in this user's saved movies.", Detail("movie_id", movieId));

    /// <summary>With where the movie is available (country codes in order, possibly none), so a client can offer those.</summary>
    public static ApiErrorResult UnavailableInCountry(int movieId, string country, IReadOnlyList<string> availableIn) =>
        new(StatusCodes.Status422UnprocessableEntity, ErrorCodes.UnavailableInCountry, $"Movie {movieId} is not available in {country}.",
            new Dictionary<string, object?> { ["movie_id"] = movieId, ["country"] = country, ["available_in"] = availableIn });

    // 413, 415: the body.
    public static ApiErrorResult BodyOverLimit(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, $"The request body is larger than {maxBytes} bytes.", Detail("max_bytes", maxBytes));

    /// <summary>A body sent without a length, cut by the server once it passed the limit.</summary>
    public static ApiErrorResult BodyTooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "The request body is too large.");

    public static ApiErrorResult UnsupportedMediaType() =>
        new(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "The request body must be application/json.");

    public static ApiErrorResult CharsetNotUtf8() =>
        new(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
            "The request body must be UTF-8 JSON (Content-Type: application/json; charset=utf-8).");

    // 429, 503, 500: the client may retry, or it is a bug.
    public static ApiErrorResult RateLimited(int? retryAfterSeconds = null) =>
        new(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many requests; retry later.",
            retryAfterSeconds is { } seconds ? Detail("retry_after_seconds", seconds) : null);

    /// <summary>The per-account login delay: the same answer whether or not the account exists.</summary>
    public static ApiErrorResult TooManyFailedLogins(int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many failed logins for this account; retry later.",
            Detail("retry_after_seconds", retryAfterSeconds));

    public static ApiErrorResult DatabaseUnavailable() =>
        new(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, "The database is unavailable; retry later.");

    public static ApiErrorResult NotReady(IDictionary<string, object?> checks) =>
        new(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, "The service is not ready.", Detail("checks", checks));

    public static ApiErrorResult ServiceUnavailable() =>
        new(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, "The service is unavailable; retry later.");

    public static ApiErrorResult Unexpected() =>
        new(StatusCodes.Status500InternalServerError, ErrorCodes.InternalError, "An unexpected error occurred. Quote the trace id when reporting it.");

    /// <summary>A server error the framework answered without a body.</summary>
    public static ApiErrorResult UnexpectedStatus(int status) =>
        new(status, ErrorCodes.InternalError, "An unexpected error occurred.");

    /// <summary>
    /// One example of every code, built from the lines above: the OpenAPI document shows these, and
    /// documents each code under its example's status.
    /// </summary>
    public static IReadOnlyDictionary<string, ApiErrorResult> Examples { get; } = new[]
    {
        InvalidParameters(Detail("page_size", "must be an integer from 1 to 100")),
        TokenRequired(),
        InvalidCredentials(),
        Forbidden(),
        NoRoute("/v1/nothing"),
        MovieNotFound(42),
        UserNotFound(7),
        NotSaved(42),
        DuplicateSave(42),
        UnavailableInCountry(42, "JP", ["DE", "GB", "US"]),
        MethodNotAllowed("PUT", "/v1/genres"),
        BodyOverLimit(16 * 1024),
        UnsupportedMediaType(),
        RateLimited(12),
        DatabaseUnavailable(),
        Unexpected(),
    }.ToDictionary(e => e.Code);

    /// <summary>What any route answers to an oversized request head, before it runs (Limits/RequestHeadLimit.cs).</summary>
    public static IReadOnlyList<ApiErrorResult> RequestHeadErrors { get; } =
        [TargetTooLong(Limits.RequestHeadLimit.MaxTargetBytes), HeadersTooLarge(Limits.RequestHeadLimit.MaxHeaderBytes)];

    /// <summary>The status a code is documented with.</summary>
    public static int StatusOf(string code) => Examples[code].StatusCode;

    private static Dictionary<string, object?> Detail(string name, object? value) => new() { [name] = value };

    /// <summary>The most characters of what the client sent that an error echoes, in a message or a detail.</summary>
    public const int MaxEchoedLength = 200;

    /// <summary>Echoes at most <see cref="MaxEchoedLength"/> characters of what the client sent, so an error stays short.</summary>
    public static string Shown(string value) =>
        value.Length > MaxEchoedLength ? string.Concat(value.AsSpan(0, MaxEchoedLength), "…") : value;
}
