using Microsoft.OpenApi;

namespace MovieDiscovery.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    /// <summary>OpenAPI 3.0 (what generators, linters and fuzzers parse today), generated from the endpoints.</summary>
    public static IServiceCollection AddApiOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddDocumentTransformer<ApiLinkTransformer>();
            options.AddDocumentTransformer<CountryCodeSchema>();
            options.AddOperationTransformer<ApiOperationTransformer>();
            options.AddSchemaTransformer<ApiSchemaTransformer>();
        });
}
