using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.OpenApi;

namespace MovieDiscovery.Api.Infrastructure.Auth;

/// <summary>Marks an endpoint that needs a bearer token (the OpenAPI document gives it the bearer scheme).</summary>
public sealed record BearerTokenMetadata;

/// <summary>Who may call a group's endpoints. Add request validation first: the contract checks 400 before 401 and 403.</summary>
public static class AccessRequirements
{
    /// <summary>Only callers with a valid bearer token (401 otherwise); their responses are private.</summary>
    public static RouteGroupBuilder RequireUser(this RouteGroupBuilder group) =>
        group.AddEndpointFilter<RequireUserFilter>()
            .WithMetadata(new BearerTokenMetadata())
            .ProducesErrors(ErrorCodes.Unauthorized);

    /// <summary>Only callers whose token carries the admin role (401 without a token, 403 for anyone else).</summary>
    public static RouteGroupBuilder RequireAdmin(this RouteGroupBuilder group) =>
        group.RequireUser()
            .AddEndpointFilter<RequireAdminFilter>()
            .ProducesErrors(ErrorCodes.Forbidden);

    /// <summary>Only the user of <c>{user_id}</c> or an admin (403, or 404 for an admin and a missing user).</summary>
    public static RouteGroupBuilder RequireOwner(this RouteGroupBuilder group) =>
        group.RequireUser()
            .AddEndpointFilter<RequireOwnerFilter>()
            .ProducesErrors(ErrorCodes.Forbidden, ErrorCodes.UserNotFound);
}
