using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using MovieDiscovery.Api.Infrastructure.Paging;

namespace MovieDiscovery.Api.Infrastructure.OpenApi;

/// <summary>
/// How the API's query and path parameters are documented. They are bound as raw strings so that
/// every bad value gets a 400 naming it; this table gives the document their real types and bounds.
/// </summary>
public static class ApiParameters
{
    public static bool TryDescribe(string name, out string description, out OpenApiSchema schema, out bool required)
    {
        required = false;
        (description, schema) = name switch
        {
            "page" => ("Page number, from 1.", Integer(1, int.MaxValue, 1)),
            "page_size" => ($"Items per page, 1 to {PagedQuery.MaxPageSize}.", Integer(1, PagedQuery.MaxPageSize, PagedQuery.DefaultPageSize)),
            "genre" => ("Only movies that have this genre (a genre id).", Integer(1, int.MaxValue, null)),
            "country" => ("An assigned ISO-3166-1 alpha-2 country code, in either case (normalised to upper case).", Country()),
            "movie_id" => ("A movie id.", Integer(1, int.MaxValue, null)),
            "user_id" => ("A user id.", Integer(1, int.MaxValue, null)),
            "cursor" => ("Continue a list from the `next_cursor` of its previous page (same country, genre and sort; instead of `page`). " +
                "Keyset paging: constant time at any depth.", new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 300, Pattern = "^[A-Za-z0-9_-]+$" }),
            _ => ("", new OpenApiSchema()),
        };
        required = name is "country" or "movie_id" or "user_id";
        return description.Length > 0;
    }

    public static OpenApiSchema Sort(IReadOnlyList<string> values) => new()
    {
        Type = JsonSchemaType.String,
        Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
        Default = JsonValue.Create(values[0]),
    };

    private static OpenApiSchema Integer(int minimum, int maximum, int? fallback) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = minimum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Maximum = maximum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Default = fallback is { } value ? JsonValue.Create(value) : null,
    };

    private static OpenApiSchema Country() => new()
    {
        Type = JsonSchemaType.String,
        MinLength = 2,
        MaxLength = 2,
        Pattern = "^[A-Za-z]{2}$",
    };
}
