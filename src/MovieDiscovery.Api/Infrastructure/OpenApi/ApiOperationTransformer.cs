using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Infrastructure.Caching;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.RateLimiting;

namespace MovieDiscovery.Api.Infrastructure.OpenApi;

/// <summary>
/// Completes each operation from its endpoint metadata: its security (bearer or explicitly none),
/// every error it can answer with (one example per code), its response headers, and how lists are sent.
/// </summary>
internal sealed class ApiOperationTransformer(IOptions<JsonOptions> jsonOptions) : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        DescribeSecurity(operation, metadata, context.Document);
        DescribeErrors(operation, metadata);
        DescribeHeaders(operation, context.Document, ClientRateLimiter.IsHealthProbe("/" + context.Description.RelativePath));
        DescribeConditionalGet(operation, metadata, context.Document);
        DescribeLists(operation);
        SortResponses(operation);
        return Task.CompletedTask;
    }

    private static void DescribeSecurity(OpenApiOperation operation, IList<object> metadata, OpenApiDocument? document)
    {
        operation.Security = metadata.OfType<BearerTokenMetadata>().Any()
            ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocumentTransformer.BearerScheme, document)] = [] }]
            : [];
    }

    private void DescribeErrors(OpenApiOperation operation, IList<object> metadata)
    {
        var examples = metadata.OfType<ErrorCodesMetadata>().SelectMany(m => m.Codes).Distinct().Select(code => ApiErrors.Examples[code])
            .Concat(metadata.OfType<ErrorExamplesMetadata>().SelectMany(m => m.Examples));
        foreach (var byStatus in examples.GroupBy(e => e.StatusCode))
        {
            var key = byStatus.Key.ToString(CultureInfo.InvariantCulture);
            if (operation.Responses?.TryGetValue(key, out var found) != true || found is not OpenApiResponse response
                || response.Content?.TryGetValue("application/json", out var media) != true || media is null)
            {
                continue;
            }

            // A particular example (declared last) stands for its code rather than the code's general one.
            var byCode = byStatus.GroupBy(e => e.Code).Select(code => code.Last()).ToList();
            response.Description = $"{Describe(byStatus.Key)}: {string.Join(", ", byCode.Select(e => e.Code))}.";
            media.Examples = byCode.ToDictionary(e => e.Code, e => (IOpenApiExample)Example(e));
        }
    }

    /// <summary>Catalogue reads: ETag and Cache-Control on 200, the If-None-Match parameter, and the bodiless 304.</summary>
    private static void DescribeConditionalGet(OpenApiOperation operation, IList<object> metadata, OpenApiDocument? document)
    {
        if (!metadata.OfType<ConditionalGetMetadata>().Any() || operation.Responses is null)
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "If-None-Match",
            In = ParameterLocation.Header,
            Description = "The ETag of an answer you hold; 304 Not Modified while it is still current. Longer than " +
                $"{ConditionalGetFilter.MaxIfNoneMatchLength} characters: 400.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = ConditionalGetFilter.MaxIfNoneMatchLength },
        });
        foreach (var (status, found) in operation.Responses)
        {
            if (found is OpenApiResponse response && status is "200" or "304")
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers[ResponseHeaders.ETag] = new OpenApiHeaderReference(ResponseHeaders.ETag, document);
                response.Headers[ResponseHeaders.CacheControl] = new OpenApiHeaderReference(ResponseHeaders.CacheControl, document);
                if (status is "304")
                {
                    response.Description = "Not modified: the If-None-Match tag is still current; no body.";
                }
            }
        }
    }

    /// <summary>
    /// Rate-limit headers on every answer a limited route gives once the limiter has run (not a 500, not a 414 or 431
    /// refused before it); Retry-After where the client should wait.
    /// </summary>
    private static void DescribeHeaders(OpenApiOperation operation, OpenApiDocument? document, bool unlimited)
    {
        foreach (var (status, found) in operation.Responses ?? [])
        {
            if (found is not OpenApiResponse response)
            {
                continue;
            }

            if (status is "201")
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers[ResponseHeaders.Location] = new OpenApiHeaderReference(ResponseHeaders.Location, document);
            }

            if (unlimited || status is "500" or "414" or "431")
            {
                continue;
            }

            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[ResponseHeaders.RateLimit] = new OpenApiHeaderReference(ResponseHeaders.RateLimit, document);
            response.Headers[ResponseHeaders.RateLimitPolicy] = new OpenApiHeaderReference(ResponseHeaders.RateLimitPolicy, document);
            if (status is "429" or "503")
            {
                response.Headers[ResponseHeaders.RetryAfter] = new OpenApiHeaderReference(ResponseHeaders.RetryAfter, document);
            }
        }
    }

    /// <summary>A list in the query (<c>[IdList]</c>) is one comma-separated value, <c>genre=3,14</c>, not a repeated parameter.</summary>
    private static void DescribeLists(OpenApiOperation operation)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.In == ParameterLocation.Query && parameter.Schema?.Type?.HasFlag(JsonSchemaType.Array) == true)
            {
                parameter.Style = ParameterStyle.Form;
                parameter.Explode = false;
            }
        }
    }

    /// <summary>Success first, then errors by status, so the document reads in a stable order.</summary>
    private static void SortResponses(OpenApiOperation operation)
    {
        if (operation.Responses is not { Count: > 1 } responses)
        {
            return;
        }

        var sorted = new OpenApiResponses();
        foreach (var (status, response) in responses.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            sorted[status] = response;
        }

        operation.Responses = sorted;
    }

    private OpenApiExample Example(ApiErrorResult error)
    {
        var details = new Dictionary<string, object?>(error.Details) { [ErrorResponseWriter.TraceIdKey] = "4bf92f3577b34da6a3ce929d0e0e4736" };
        return new OpenApiExample
        {
            Summary = error.Code,
            Value = JsonSerializer.SerializeToNode(new ErrorEnvelope(new ApiError(error.Code, error.Message, details)), jsonOptions.Value.SerializerOptions),
        };
    }

    private static string Describe(int status) => status switch
    {
        400 => "Invalid request",
        401 => "Not authenticated",
        403 => "Not allowed",
        404 => "Not found",
        409 => "Conflict",
        413 => "Body too large",
        414 => "Request target too long",
        415 => "Unsupported media type",
        422 => "Cannot be done",
        431 => "Request headers too large",
        429 => "Rate limited",
        500 => "Unexpected error",
        503 => "Temporarily unavailable",
        _ => "Error",
    };
}
