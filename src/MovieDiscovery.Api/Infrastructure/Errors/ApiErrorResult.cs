namespace MovieDiscovery.Api.Infrastructure.Errors;

/// <summary>
/// An error answer in the contract's envelope: returned by handlers as an expected outcome, or
/// written by middleware. Built only by <see cref="ApiErrors"/>.
/// </summary>
public sealed class ApiErrorResult : IResult, IStatusCodeHttpResult
{
    internal ApiErrorResult(int statusCode, string code, string message, IDictionary<string, object?>? details = null)
    {
        StatusCode = statusCode;
        Code = code;
        Message = message;
        Details = details ?? new Dictionary<string, object?>();
    }

    public int StatusCode { get; }
    public string Code { get; }
    public string Message { get; }
    public IDictionary<string, object?> Details { get; }

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext) => ErrorResponseWriter.WriteAsync(httpContext, this);
}
