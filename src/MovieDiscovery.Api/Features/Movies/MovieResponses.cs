using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MovieDiscovery.Api.Features.Feed;
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
    [property: MaxLength(MovieSummary.MaxTitleLength), JsonPropertyOrder(-1)] string Title,
    [property: Range(MovieSummary.MinYear, MovieSummary.MaxYear), JsonPropertyOrder(-1)] int Year)
{
    public const int MaxTitleLength = 300;
    public const int MinYear = 1870;
    public const int MaxYear = 2100;
}

/// <summary>
/// A movie of the catalogue list: with its feed id and when its current window in the list's country ends (null:
/// open-ended), so a viewer sees what is leaving.
/// </summary>
public sealed record MovieListItem(
    int Id,
    string Title,
    int Year,
    [property: MaxLength(FeedMovie.MaxExternalIdLength), Description("The movie's id in the catalogue feed that imported it; null for a movie created otherwise.")]
    string? ExternalId,
    [property: Description("When the movie stops being available in the list's country (exclusive, UTC); null when its window is open-ended.")]
    DateTime? AvailableUntil) : MovieSummary(Id, Title, Year);

/// <summary>
/// A movie with its genres, cast (in billing order), the countries it is available in now, and its current and
/// upcoming availability windows (<see cref="Availability"/>).
/// </summary>
public record MovieDetail(
    int Id,
    string Title,
    int Year,
    [property: MaxLength(FeedMovie.MaxExternalIdLength), Description("The movie's id in the catalogue feed that imported it; null for a movie created otherwise.")]
    string? ExternalId,
    [property: Range(MovieDetail.MinRuntimeMinutes, MovieDetail.MaxRuntimeMinutes)] int? RuntimeMinutes,
    [property: MaxLength(MovieDetail.MaxOverviewLength)] string? Overview,
    [property: MaxLength(MovieDetail.MaxRelatedItems)] IReadOnlyList<GenreResponse> Genres,
    [property: MaxLength(MovieDetail.MaxRelatedItems)] IReadOnlyList<ActorResponse> Cast,
    [property: CountryCode] IReadOnlyList<string> Countries,
    [property: MaxLength(MovieDetail.MaxWindowsShown)]
    [property: Description("The windows that contain now and those that start within the next 90 days, by country and start (at most 1000).")]
    IReadOnlyList<CountryWindow> Availability) : MovieSummary(Id, Title, Year)
{
    /// <summary>How far ahead <see cref="Availability"/> shows upcoming windows.</summary>
    public static readonly TimeSpan UpcomingWithin = TimeSpan.FromDays(90);

    /// <summary>At most this many genres and cast members are listed (the document says so too).</summary>
    public const int MaxRelatedItems = 100;

    /// <summary>At most this many windows are listed in <see cref="Availability"/>.</summary>
    public const int MaxWindowsShown = 1000;

    public const int MinRuntimeMinutes = 1;
    public const int MaxRuntimeMinutes = 1000;
    public const int MaxOverviewLength = 2000;
}

/// <summary>A window of a movie in a country: from <see cref="AvailableFrom"/> (null: since always) until just before <see cref="AvailableUntil"/> (null: open-ended).</summary>
public sealed record CountryWindow(
    [property: CountryCode] string Country,
    [property: Description("Start, inclusive (UTC); null: since always.")] DateTime? AvailableFrom,
    [property: Description("End, exclusive (UTC); null: open-ended.")] DateTime? AvailableUntil);

public sealed record ActorResponse([property: Id] int Id, [property: MaxLength(200)] string Name);
