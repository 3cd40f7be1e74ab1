using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.OpenApi;

/// <summary>Error codes an endpoint can answer with; collected from the endpoint and its groups.</summary>
public sealed record ErrorCodesMetadata(IReadOnlyList<string> Codes);

/// <summary>Errors documented by their own example: a code under another status than its usual one (414, 431), or a particular answer.</summary>
public sealed record ErrorExamplesMetadata(IReadOnlyList<ApiErrorResult> Examples);

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

    /// <summary>Declares errors by example (each documented under its own status and code).</summary>
    public static TBuilder ProducesErrorExamples<TBuilder>(this TBuilder builder, params ApiErrorResult[] examples)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ErrorExamplesMetadata(examples));
        foreach (var status in examples.Select(e => e.StatusCode).Distinct())
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ErrorEnvelope), ["application/json"]));
        }

        return builder;
    }
}
