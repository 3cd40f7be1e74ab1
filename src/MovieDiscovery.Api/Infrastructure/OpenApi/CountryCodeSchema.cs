using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Infrastructure.OpenApi;

/// <summary>
/// The list of assigned country codes is written once, as the component <c>CountryCode</c>, and every country
/// parameter, property and list item refers to it (client generators then make one enum type of it). The
/// schemas arrive inline from <see cref="ApiSchemaTransformer"/>; this replaces each by the reference, keeping
/// its description on the parameter or property.
/// </summary>
internal sealed class CountryCodeSchema : IOpenApiDocumentTransformer
{
    public const string Name = "CountryCode";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        OpenApiSchema? found = null;
        var reference = new OpenApiSchemaReference(Name, document);
        foreach (var operation in (document.Paths ?? []).Values.SelectMany(path => (path.Operations ?? []).Values))
        {
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            {
                if (IsCountry(parameter.Schema, ref found))
                {
                    parameter.Description ??= parameter.Schema!.Description;
                    parameter.Schema = reference;
                }
            }
        }

        foreach (var schema in (document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>()).Values.OfType<OpenApiSchema>())
        {
            foreach (var (property, value) in (schema.Properties ?? new Dictionary<string, IOpenApiSchema>()).ToList())
            {
                if (IsCountry(value, ref found))
                {
                    // A reference carries no siblings in OpenAPI 3.0: the property's own words move to the shared schema.
                    schema.Properties![property] = reference;
                }
                else if (value is OpenApiSchema { Items: var items } list && IsCountry(items, ref found))
                {
                    list.Items = reference;
                }
            }
        }

        if (found is not null)
        {
            document.Components!.Schemas![Name] = new OpenApiSchema
            {
                Type = found.Type,
                MinLength = found.MinLength,
                MaxLength = found.MaxLength,
                Enum = found.Enum,
                Description = "An assigned ISO-3166-1 alpha-2 country code: upper case in answers; requests may also use lower case.",
            };
        }

        return Task.CompletedTask;
    }

    private static bool IsCountry(IOpenApiSchema? schema, ref OpenApiSchema? found)
    {
        if (schema is OpenApiSchema { Enum: { Count: var count } values } inline && count == CountryCodes.Count
            && values.Any(v => v?.ToString() == "US"))
        {
            found ??= inline;
            return true;
        }

        return false;
    }
}
