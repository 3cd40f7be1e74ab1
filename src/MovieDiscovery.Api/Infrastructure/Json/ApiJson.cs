using System.Text.Json;
using System.Text.Json.Serialization;

namespace MovieDiscovery.Api.Infrastructure.Json;

/// <summary>
/// The API's JSON rules: snake_case names matched exactly, strict numbers, unknown and repeated properties rejected.
/// A body means one thing to every reader: no name that only some parsers fold to a property (<c>MOVIE_ID</c>),
/// no key given twice (where parsers disagree on which one wins).
/// </summary>
public static class ApiJson
{
    public static JsonNamingPolicy NamingPolicy => JsonNamingPolicy.SnakeCaseLower;

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = NamingPolicy;
        options.DictionaryKeyPolicy = null;
        // "1" is not a number: the document says integer and the API means it.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // The web defaults match names in any case; the contract's names are exact.
        options.PropertyNameCaseInsensitive = false;
        options.AllowDuplicateProperties = false;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.MaxDepth = 16;
    }
}
