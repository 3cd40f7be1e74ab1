using System.Text.Json;
using System.Text.Json.Serialization;

namespace MovieDiscovery.Api.Infrastructure.Json;

/// <summary>The API's JSON rules: snake_case names, strict numbers, unknown properties rejected.</summary>
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
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.MaxDepth = 16;
    }
}
