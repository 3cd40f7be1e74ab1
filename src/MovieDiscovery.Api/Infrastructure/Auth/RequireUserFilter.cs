using Microsoft.AspNetCore.Authentication;

namespace MovieDiscovery.Api.Infrastructure.Auth;

/// <summary>
/// Lets only callers with a valid bearer token through (401 with <c>WWW-Authenticate</c> otherwise)
/// and marks the response private. It is a filter rather than authorization middleware so that
/// request validation (400) comes first, as the contract orders the checks.
/// </summary>
public sealed class RequireUserFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.Headers.CacheControl = "no-store";
        if (http.User.UserId() is null)
        {
            await http.ChallengeAsync();
            return Results.Empty;
        }

        return await next(context);
    }
}
