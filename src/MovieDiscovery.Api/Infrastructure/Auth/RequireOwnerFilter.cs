using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.Auth;

/// <summary>A request addressed to one user's resources: <c>/v1/users/{user_id}/…</c>.</summary>
public interface IUserScopedRequest
{
    int UserId { get; }
}

/// <summary>
/// Only the user themself, or an admin, may act on <c>/v1/users/{user_id}/…</c>. Others get 403
/// whether or not the user exists, so user ids cannot be probed; an admin gets 404 for a missing user.
/// Runs after <see cref="RequireUserFilter"/>.
/// </summary>
public sealed class RequireOwnerFilter(AppDbContext db) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var target = context.Arguments.OfType<IUserScopedRequest>().Single().UserId;
        var caller = context.HttpContext.User;
        if (caller.UserId() == target)
        {
            return await next(context);
        }

        if (!caller.IsInRole(Roles.Admin))
        {
            return ApiErrors.Forbidden();
        }

        return await db.Users.AnyAsync(u => u.Id == target, context.HttpContext.RequestAborted)
            ? await next(context)
            : ApiErrors.UserNotFound(target);
    }
}
