namespace MovieDiscovery.Api.Infrastructure.Errors;

/// <summary>Every machine-readable error code the API answers with.</summary>
public static class ErrorCodes
{
    public const string ValidationError = "VALIDATION_ERROR";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string InvalidCredentials = "INVALID_CREDENTIALS";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string MovieNotFound = "MOVIE_NOT_FOUND";
    public const string UserNotFound = "USER_NOT_FOUND";
    public const string NotSaved = "NOT_SAVED";
    public const string DuplicateSave = "DUPLICATE_SAVE";
    public const string UnavailableInCountry = "UNAVAILABLE_IN_COUNTRY";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string RateLimited = "RATE_LIMITED";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
    public const string InternalError = "INTERNAL_ERROR";
}
