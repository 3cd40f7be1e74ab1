using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using MovieDiscovery.Api.Features.Movies;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.Paging;

namespace MovieDiscovery.Api.Infrastructure.OpenApi;

/// <summary>
/// Bounds every number, string and array in the document (what the database and the handlers
/// really allow), so clients, fuzzers and linters know the limits. One table, by property name.
/// </summary>
internal sealed class ApiSchemaTransformer : IOpenApiSchemaTransformer
{
    private const string MaxInt = "2147483647";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var property = context.JsonPropertyInfo;
        if (property is null)
        {
            return Task.CompletedTask;
        }

        var name = property.Name;
        var owner = property.DeclaringType;
        if (owner == typeof(ApiError) && name == "details")
        {
            DescribeDetails(schema);
            return Task.CompletedTask;
        }

        if (schema.Type?.HasFlag(JsonSchemaType.Integer) == true)
        {
            (schema.Minimum, schema.Maximum) = IntegerBounds(name);
        }
        else if (schema.Type?.HasFlag(JsonSchemaType.String) == true)
        {
            DescribeString(schema, name, owner);
        }
        else if (schema.Type?.HasFlag(JsonSchemaType.Array) == true)
        {
            schema.MaxItems = name switch
            {
                "data" => PagedQuery.MaxPageSize,
                "countries" => 249,
                _ => MovieDetail.MaxRelatedItems,
            };
            if (name == "countries" && schema.Items is OpenApiSchema code)
            {
                DescribeString(code, "country", owner);
            }
        }

        return Task.CompletedTask;
    }

    private static (string Minimum, string Maximum) IntegerBounds(string name) => name switch
    {
        "year" => ("1870", "2100"),
        "runtime_minutes" => ("1", "1000"),
        "page_size" => ("1", "100"),
        "total" => ("0", MaxInt),
        "expires_in" => ("60", "86400"),
        _ => ("1", MaxInt),
    };

    private static void DescribeString(OpenApiSchema schema, string name, Type owner)
    {
        if (owner == typeof(ApiError) && name == "code")
        {
            schema.Enum = ApiErrors.Examples.Keys.Order(StringComparer.Ordinal).Select(code => (JsonNode)JsonValue.Create(code)).ToList();
            return;
        }

        if (name == "token_type")
        {
            schema.Enum = [JsonValue.Create("Bearer")];
            return;
        }

        switch (name)
        {
            case "code" or "country" or "countries":
                schema.MinLength = 2;
                schema.MaxLength = 2;
                schema.Pattern = "^[A-Za-z]{2}$";
                break;
            case "email":
                schema.MaxLength = 320;
                schema.Format = "email";
                break;
            case "date_added":
                schema.MaxLength = 40;
                break;
            case "date_of_birth":
                schema.MaxLength = 10;
                break;
            case "next_cursor":
                schema.MaxLength = 300;
                schema.Pattern = "^[A-Za-z0-9_-]+$";
                break;
            case "access_token":
                schema.MaxLength = 4096;
                schema.Pattern = "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$";
                break;
            default:
                schema.MaxLength ??= name switch
                {
                    "title" => 300,
                    "overview" or "message" => 2000,
                    "password" => 200,
                    _ => 200,
                };
                break;
        }
    }

    /// <summary><c>details</c>: the trace id, plus one entry per bad parameter or fact about the error.</summary>
    private static void DescribeDetails(OpenApiSchema schema)
    {
        schema.Type = JsonSchemaType.Object;
        schema.Description = "Facts about the error: for VALIDATION_ERROR one entry per bad parameter (its name → what is wrong); always the trace_id that is also in the logs.";
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            [ErrorResponseWriter.TraceIdKey] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64, Pattern = "^[0-9a-f]+$" },
        };
        schema.Required = new HashSet<string> { ErrorResponseWriter.TraceIdKey };
        schema.AdditionalPropertiesAllowed = true;
        schema.AdditionalProperties = new OpenApiSchema();
    }
}
