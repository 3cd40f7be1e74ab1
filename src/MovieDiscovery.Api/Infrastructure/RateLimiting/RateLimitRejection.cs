using System.Globalization;

namespace MovieDiscovery.Api.Infrastructure.RateLimiting;

/// <summary>What every limit's 429 shares: the <c>Retry-After</c> header, in whole seconds of at least one.</summary>
public static class RateLimitRejection
{
    /// <summary>Sets <c>Retry-After</c> and returns its seconds, for the error's details.</summary>
    public static int RetryAfter(HttpContext http, TimeSpan? retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter ?? TimeSpan.Zero).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }
}
