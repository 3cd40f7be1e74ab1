using System.Globalization;
using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.RateLimiting;

/// <summary>The 429 <c>RATE_LIMITED</c> answer, with <c>Retry-After</c>, of every limit.</summary>
public static class RateLimitRejection
{
    public static ApiErrorResult Result(HttpContext http, TimeSpan? retryAfter, string message = "Too many requests; retry later.")
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter ?? TimeSpan.Zero).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return new ApiErrorResult(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, message,
            new Dictionary<string, object?> { ["retry_after_seconds"] = seconds });
    }
}
