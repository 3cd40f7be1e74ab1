using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MovieDiscovery.Api.Features.Genres;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>A movie in a list.</summary>
/// <remarks>
/// The richer answers derive from it and keep its bounds; its properties come first in each of them
/// (JSON writes a derived type's own properties first unless told otherwise).
/// </remarks>
public record MovieSummary(
    [property: Id, JsonPropertyOrder(-1)] int Id,
    [property: MaxLength(300), JsonPropertyOrder(-1)] string Title,
    [property: Range(1870, 2100), JsonPropertyOrder(-1)] int Year);

/// <summary>A movie with its genres, cast (in billing order) and the countries it is available in.</summary>
public record MovieDetail(
    int Id,
    string Title,
    int Year,
    [property: Range(1, 1000)] int? RuntimeMinutes,
    [property: MaxLength(2000)] string? Overview,
    [property: MaxLength(MovieDetail.MaxRelatedItems)] IReadOnlyList<GenreResponse> Genres,
    [property: MaxLength(MovieDetail.MaxRelatedItems)] IReadOnlyList<ActorResponse> Cast,
    [property: CountryCode] IReadOnlyList<string> Countries) : MovieSummary(Id, Title, Year)
{
    /// <summary>At most this many genres and cast members are listed (the document says so too).</summary>
    public const int MaxRelatedItems = 100;
}

public sealed record ActorResponse([property: Id] int Id, [property: MaxLength(200)] string Name);
