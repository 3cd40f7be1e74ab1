using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Infrastructure.Caching;

/// <summary>
/// Conditional GET for public catalogue reads: the answer carries an <c>ETag</c> computed from its
/// bytes and <c>Cache-Control: public, no-cache</c> (caches may keep it but must revalidate), and a
/// request whose <c>If-None-Match</c> still matches gets <c>304 Not Modified</c> without a body.
/// Endpoints marked with <see cref="CatalogueCacheMetadata"/> also keep their answers in
/// <see cref="CatalogueResponseCache"/>, which empties itself at every catalogue change; a tag is
/// always computed from what the database says now, or said since the last change.
/// </summary>
public sealed class ConditionalGetFilter(IOptions<JsonOptions> jsonOptions, CatalogueResponseCache cache) : IEndpointFilter
{
    public const string CacheControl = "public, no-cache";

    /// <summary>The longest <c>If-None-Match</c> accepted (all its values together): the API's tags are 34 characters.</summary>
    public const int MaxIfNoneMatchLength = 400;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.Headers.IfNoneMatch.ToString().Length > MaxIfNoneMatchLength)
        {
            var errors = new RequestErrors();
            errors.Add(HeaderNames.IfNoneMatch, $"at most {MaxIfNoneMatchLength} characters");
            return errors.ToResult();
        }

        // Not live (SQLite, or the change signal lost): nothing could be found or stored, so no key is built.
        var cacheKey = cache.IsLive && http.GetEndpoint()?.Metadata.GetMetadata<CatalogueCacheMetadata>() is { } cached
            && !cached.NotWithParameters.Any(http.Request.Query.ContainsKey)
            ? http.Request.Path.Value + http.Request.QueryString.Value
            : null;
        if (cacheKey is not null && cache.TryGet(cacheKey, out var kept))
        {
            return Answer(http, kept);
        }

        var generation = cache.Generation;
        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        if (inner is not (IValueHttpResult { Value: { } value } and IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK }))
        {
            return result;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), jsonOptions.Value.SerializerOptions);
        var response = new CachedResponse(body, new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16))}\""));
        if (cacheKey is not null)
        {
            cache.Store(cacheKey, response, generation);
        }

        return Answer(http, response);
    }

    private static IResult Answer(HttpContext http, CachedResponse response)
    {
        http.Response.Headers.ETag = response.ETag.ToString();
        http.Response.Headers.CacheControl = CacheControl;
        return Matches(http.Request, response.ETag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(response.Body, "application/json; charset=utf-8");
    }

    private static bool Matches(HttpRequest request, EntityTagHeaderValue etag) =>
        request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } candidates
        && candidates.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false));
}

public static class ConditionalGetExtensions
{
    /// <summary>ETag, <c>If-None-Match</c> → 304, and the catalogue's <c>Cache-Control</c> on every GET of the group.</summary>
    public static RouteGroupBuilder WithConditionalGet(this RouteGroupBuilder group) =>
        group.AddEndpointFilter<ConditionalGetFilter>()
            .WithMetadata(new ConditionalGetMetadata(), new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void), []));

    /// <summary>
    /// Keeps the endpoint's answers in the catalogue response cache (it must be under <see cref="WithConditionalGet"/>),
    /// except those of requests with any of <paramref name="notWithParameters"/>: query parameters whose answers change
    /// with the passing of time as well as with the catalogue, which is all the cache hears of.
    /// </summary>
    public static TBuilder WithCatalogueCache<TBuilder>(this TBuilder builder, params string[] notWithParameters)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CatalogueCacheMetadata(notWithParameters));
}

/// <summary>Marks endpoints that answer conditional GETs (documented with ETag and 304).</summary>
public sealed record ConditionalGetMetadata;

/// <summary>Marks catalogue endpoints whose answers the response cache keeps, unless the request has one of the parameters.</summary>
public sealed record CatalogueCacheMetadata(IReadOnlyList<string> NotWithParameters);
