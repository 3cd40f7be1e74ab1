using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.Auth;

/// <summary>Lets only admins through (403 otherwise). Runs after <see cref="RequireUserFilter"/>.</summary>
public sealed class RequireAdminFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.User.IsInRole(Roles.Admin) ? await next(context) : ApiErrors.Forbidden();
}
