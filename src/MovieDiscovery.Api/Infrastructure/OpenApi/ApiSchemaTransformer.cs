using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Infrastructure.OpenApi;

/// <summary>
/// Completes each schema from the attributes of the property or parameter it describes, where the
/// generator does not already (it maps <c>[Range]</c>, <c>[MaxLength]</c>, <c>[StringLength]</c>,
/// <c>[RegularExpression]</c>, <c>[DefaultValue]</c> and <c>[Description]</c> itself): country codes,
/// allowed values, email addresses, integers bound as text, lists of ids, examples, and an error's details. Dates are bounded
/// by their type. So the document's bounds are those the types declare and the API enforces.
/// </summary>
internal sealed class ApiSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(DateTime) || type == typeof(DateTime?))
        {
            schema.MaxLength = 40;
        }
        else if (type == typeof(DateOnly))
        {
            schema.MaxLength = 10;
        }

        foreach (var attribute in DeclaredOn(context))
        {
            switch (attribute)
            {
                case CountryCodeAttribute:
                    DescribeCountry(schema);
                    break;
                case AllowedValuesAttribute allowed:
                    schema.Enum = [.. allowed.Values.Select(value => value is int number ? (JsonNode)JsonValue.Create(number) : JsonValue.Create((string)value!))];
                    break;
                case DataTypeAttribute { DataType: DataType.EmailAddress }:
                    schema.Format = "email";
                    break;
                case RangeAttribute { Minimum: int } when schema.Type == JsonSchemaType.String:
                    DescribeIntegerText(schema);
                    break;
                case RangeAttribute { Minimum: int min, Maximum: int max } when schema.Type?.HasFlag(JsonSchemaType.Array) == true:
                    DescribeIntegerItems(schema, min, max);
                    break;
                case IdListAttribute ids:
                    DescribeIdList(schema, ids);
                    break;
                case ErrorDetailsAttribute:
                    DescribeDetails(schema);
                    break;
            }
        }

        // Last, so the example is written as the type the schema ends up with.
        if (DeclaredOn(context).OfType<ExampleAttribute>().FirstOrDefault() is { } example)
        {
            schema.Examples = [JsonNode.Parse(example.Json)!];
        }

        return Task.CompletedTask;
    }

    /// <summary>The attributes of the property (of a body) or of the query or route parameter the schema describes.</summary>
    private static object[] DeclaredOn(OpenApiSchemaTransformerContext context) =>
        context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(inherit: true)
        ?? (context.ParameterDescription?.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo.GetCustomAttributes(inherit: true)
        ?? [];

    /// <summary>A code, or on a list each item; a list names each country at most once.</summary>
    private static void DescribeCountry(OpenApiSchema schema)
    {
        if (schema.Type?.HasFlag(JsonSchemaType.Array) == true && schema.Items is OpenApiSchema item)
        {
            schema.MaxItems = CountryCodes.Count;
            DescribeCountry(item);
            return;
        }

        // The list, not a pattern: a pattern admits codes that are not assigned, which the API refuses. Upper case,
        // as answers give it; requests may also use lower case. Written once in the document (CountryCodeSchema).
        schema.MinLength = CountryCodeAttribute.Length;
        schema.MaxLength = CountryCodeAttribute.Length;
        schema.Enum = [.. CountryCodes.All.Select(code => (JsonNode)JsonValue.Create(code))];
    }

    /// <summary>A query or route integer is bound as text (so a bad one is a 400 that names it); the document gives its real type.</summary>
    private static void DescribeIntegerText(OpenApiSchema schema)
    {
        schema.Type = JsonSchemaType.Integer;
        schema.Format = "int32";
        if (schema.Default is JsonValue value && value.TryGetValue(out string? text))
        {
            schema.Default = JsonValue.Create(int.Parse(text, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A list of integers declares the range of each (the generator puts it on the list).</summary>
    private static void DescribeIntegerItems(OpenApiSchema schema, int min, int max)
    {
        schema.Minimum = null;
        schema.Maximum = null;
        schema.UniqueItems = true;
        schema.Items = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int32",
            Minimum = min.ToString(CultureInfo.InvariantCulture),
            Maximum = max.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Ids sent as one comma-separated value: an array of ids (the operation says how it is sent, see ApiOperationTransformer).</summary>
    private static void DescribeIdList(OpenApiSchema schema, IdListAttribute ids)
    {
        schema.Type = JsonSchemaType.Array;
        schema.Format = null;
        schema.MinItems = 1;
        schema.MaxItems = ids.MaxCount;
        schema.UniqueItems = true;
        schema.Items = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = int.MaxValue.ToString(CultureInfo.InvariantCulture) };
    }

    /// <summary><c>details</c>: the trace id, plus one entry per bad parameter or fact about the error.</summary>
    private static void DescribeDetails(OpenApiSchema schema)
    {
        schema.Type = JsonSchemaType.Object;
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            [ErrorResponseWriter.TraceIdKey] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64, Pattern = "^[0-9a-f]+$" },
        };
        schema.Required = new HashSet<string> { ErrorResponseWriter.TraceIdKey };
        schema.AdditionalPropertiesAllowed = true;
        schema.AdditionalProperties = new OpenApiSchema();
    }
}
