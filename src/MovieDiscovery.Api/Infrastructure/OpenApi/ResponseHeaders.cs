using Microsoft.OpenApi;

namespace MovieDiscovery.Api.Infrastructure.OpenApi;

/// <summary>The response headers the document declares once and responses refer to.</summary>
public static class ResponseHeaders
{
    public const string RateLimit = "RateLimit";
    public const string RateLimitPolicy = "RateLimit-Policy";
    public const string RetryAfter = "Retry-After";
    public const string Location = "Location";
    public const string ETag = "ETag";
    public const string CacheControl = "Cache-Control";

    public static IReadOnlyDictionary<string, OpenApiHeader> All { get; } = new Dictionary<string, OpenApiHeader>
    {
        [RateLimit] = Text("The client's remaining quota: `\"client\";r=<requests left>;t=<seconds until the window renews, at most>`.", 100),
        [RateLimitPolicy] = Text("The client's quota: `\"client\";q=<requests>;w=<window seconds>`, per user with a token, per IP address without.", 100),
        [RetryAfter] = new OpenApiHeader
        {
            Description = "Seconds to wait before retrying.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "3600" },
        },
        [Location] = Text("The URL of the created resource.", 200),
        [ETag] = Text("A tag of this answer's content; send it back as `If-None-Match` to get 304 while nothing changed. A catalogue change gives new content and a new tag within milliseconds of its commit (lists may be answered from the server's memory until then).", 40),
        [CacheControl] = Text("`public, no-cache` on the catalogue (revalidate with the ETag), `no-store` on per-user answers.", 40),
    };

    private static OpenApiHeader Text(string description, int maxLength) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = maxLength },
    };
}
