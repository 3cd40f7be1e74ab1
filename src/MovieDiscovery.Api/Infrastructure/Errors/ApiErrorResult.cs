namespace MovieDiscovery.Api.Infrastructure.Errors;

/// <summary>An expected failure returned by a handler, written in the contract's envelope.</summary>
public sealed class ApiErrorResult(int statusCode, string code, string message, IDictionary<string, object?>? details = null)
    : IResult, IStatusCodeHttpResult
{
    public int StatusCode { get; } = statusCode;
    public string Code { get; } = code;
    public string Message { get; } = message;
    public IDictionary<string, object?> Details { get; } = details ?? new Dictionary<string, object?>();

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext) =>
        ErrorResponseWriter.WriteAsync(httpContext, StatusCode, Code, Message, Details);
}
