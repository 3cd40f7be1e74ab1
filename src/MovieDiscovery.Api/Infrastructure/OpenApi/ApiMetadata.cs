using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.OpenApi;

/// <summary>Error codes an endpoint can answer with; collected from the endpoint and its groups.</summary>
public sealed record ErrorCodesMetadata(IReadOnlyList<string> Codes);

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
}
