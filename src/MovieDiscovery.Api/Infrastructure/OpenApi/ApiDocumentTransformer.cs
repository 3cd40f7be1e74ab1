using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MovieDiscovery.Api.Infrastructure.OpenApi;

/// <summary>The document's description, server, tags and the bearer security scheme.</summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Movie Discovery API",
            Version = "1.0.0",
            Description =
                "Browse the catalogue available in the viewer's country and keep a list of saved movies.\n\n" +
                "JSON uses snake_case. Lists are paged with `page` (from 1) and `page_size` (1 to 100) and answer " +
                "`{ data, page, page_size, total }` with an exact total; a page past the end is empty. Every error answers " +
                "`{ \"error\": { \"code\", \"message\", \"details\" } }`; `details` names each bad parameter and carries a `trace_id`.\n\n" +
                "Every GET also answers HEAD: the same status and headers, no body. Operations are linked (`links`): a list to its " +
                "items and its next page, a movie to saving it, a saved movie to reading and removing it.",
            Contact = new OpenApiContact { Name = "Movie Discovery team", Email = "api@movie-discovery.example", Url = new Uri("https://movie-discovery.example/support") },
            License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://movie-discovery.example/terms") },
        };
        document.Servers =
        [
            new OpenApiServer
            {
                Url = "http://127.0.0.1:8080",
                Description = "Local (make run). Deployments serve the API over HTTPS behind their load balancer.",
                Extensions = new Dictionary<string, IOpenApiExtension> { ["x-internal"] = new JsonNodeExtension(JsonValue.Create(false)) },
            },
        ];
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Catalogue", Description = "Public catalogue reads: genres, countries, movies." },
            new() { Name = "Auth", Description = "Bearer tokens." },
            new() { Name = "Users", Description = "The caller." },
            new() { Name = "Saved movies", Description = "A user's saved movies; only the user or an admin." },
            new() { Name = "Operators", Description = "Catalogue changes by admins: availability windows." },
            new() { Name = "Health", Description = "Liveness and readiness probes." },
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT from POST /v1/auth/token, sent as `Authorization: Bearer <token>`. Validated as RFC8725 recommends: " +
                "HS256 only (no `none`), signature, issuer, audience, expiry and not-before checked.",
        };
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        foreach (var (name, header) in ResponseHeaders.All)
        {
            document.Components.Headers[name] = header;
        }

        DescribeOmittedWhenNull(document);
        TypeNullBranches(document);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A nullable object property is "one of null or the object"; OpenAPI 3.0 says null as a nullable schema,
    /// which needs a type to be one.
    /// </summary>
    private static void TypeNullBranches(OpenApiDocument document)
    {
        var nullBranches = (document.Components?.Schemas?.Values ?? []).OfType<OpenApiSchema>()
            .SelectMany(schema => schema.Properties?.Values.OfType<OpenApiSchema>() ?? [])
            .SelectMany(property => property.OneOf?.OfType<OpenApiSchema>() ?? [])
            .Where(choice => choice.Type == JsonSchemaType.Null);
        foreach (var choice in nullBranches)
        {
            choice.Type = JsonSchemaType.Null | JsonSchemaType.Object;
        }
    }

    /// <summary>
    /// An optional property that is left out rather than written as null (<c>JsonIgnore</c> when writing null, as in a batch
    /// item) is never null when present: the generator's "null or the object" becomes the object alone.
    /// </summary>
    private static void DescribeOmittedWhenNull(OpenApiDocument document)
    {
        foreach (var schema in (document.Components?.Schemas?.Values ?? []).OfType<OpenApiSchema>())
        {
            foreach (var (name, property) in schema.Properties?.ToList() ?? [])
            {
                if (schema.Required?.Contains(name) != true && property is OpenApiSchema { OneOf: { Count: 2 } choices }
                    && choices.OfType<OpenApiSchema>().SingleOrDefault(c => c.Type == JsonSchemaType.Null) is { } onlyNull)
                {
                    schema.Properties![name] = choices.Single(c => c != onlyNull);
                }
            }
        }
    }
}
