using MovieDiscovery.Api.Features.Genres;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>A movie in a list.</summary>
public sealed record MovieSummary(int Id, string Title, int Year);

/// <summary>A movie with its genres, cast (in billing order) and the countries it is available in.</summary>
public sealed record MovieDetail(
    int Id,
    string Title,
    int Year,
    int? RuntimeMinutes,
    string? Overview,
    IReadOnlyList<GenreResponse> Genres,
    IReadOnlyList<ActorResponse> Cast,
    IReadOnlyList<string> Countries)
{
    /// <summary>At most this many genres and cast members are listed (the document says so too).</summary>
    public const int MaxRelatedItems = 100;
}

public sealed record ActorResponse(int Id, string Name);
