using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.Limits;

/// <summary>
/// Bounds the request line and headers below the server's own hard limits, so an oversized request
/// still gets an answer in the envelope: 414 for a target over <see cref="MaxTargetBytes"/>, 431 for
/// headers over <see cref="MaxHeaderBytes"/>. Kestrel's limits are set above these and only answer
/// (without a body) for requests larger still.
/// </summary>
public sealed class RequestHeadLimit(RequestDelegate next)
{
    public const int MaxTargetBytes = 8 * 1024;
    public const int MaxHeaderBytes = 16 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var target = request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        if (target > MaxTargetBytes)
        {
            return ApiErrors.TargetTooLong(MaxTargetBytes).ExecuteAsync(context);
        }

        var headers = 0;
        foreach (var (name, values) in request.Headers)
        {
            headers += name.Length + 4 + values.Sum(value => value?.Length ?? 0);
        }

        return headers > MaxHeaderBytes
            ? ApiErrors.HeadersTooLarge(MaxHeaderBytes).ExecuteAsync(context)
            : next(context);
    }
}
