using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.OpenApi;

/// <summary>Error codes an endpoint can answer with; collected from the endpoint and its groups.</summary>
public sealed record ErrorCodesMetadata(IReadOnlyList<string> Codes);

/// <summary>Marks an endpoint that needs a bearer token.</summary>
public sealed record BearerTokenMetadata;

/// <summary>The values of an endpoint's <c>sort</c> parameter; the first is the default.</summary>
public sealed record SortValuesMetadata(IReadOnlyList<string> Values);

public static class ApiMetadataExtensions
{
    /// <summary>Declares the error codes the endpoints can answer with (documented with an example each).</summary>
    public static TBuilder ProducesErrors<TBuilder>(this TBuilder builder, params string[] codes)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ErrorCodesMetadata(codes));
        foreach (var status in codes.Select(ApiErrors.StatusOf).Distinct())
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ErrorEnvelope), ["application/json"]));
        }

        return builder;
    }

    /// <summary>Only callers with a valid bearer token (401 otherwise); their responses are private.</summary>
    public static RouteGroupBuilder RequireUser(this RouteGroupBuilder group) =>
        group.AddEndpointFilter<RequireUserFilter>()
            .WithMetadata(new BearerTokenMetadata())
            .ProducesErrors(ErrorCodes.Unauthorized);

    /// <summary>Only the user of <c>{user_id}</c> or an admin (403, or 404 for an admin and a missing user).</summary>
    public static RouteGroupBuilder RequireOwner(this RouteGroupBuilder group) =>
        group.RequireUser()
            .AddEndpointFilter<RequireOwnerFilter>()
            .ProducesErrors(ErrorCodes.Forbidden, ErrorCodes.UserNotFound);

    public static RouteHandlerBuilder WithSortValues(this RouteHandlerBuilder builder, IReadOnlyList<string> values) =>
        builder.WithMetadata(new SortValuesMetadata(values));
}
