using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MovieDiscovery.Api.Features.Movies;
using MovieDiscovery.Api.Infrastructure.Json;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Feed;

/// <summary>
/// One line of a catalogue feed (JSON Lines): a movie, keyed by its <see cref="ExternalId"/>, with its genres (by
/// name), its cast (by name, in billing order) and every availability window it has. A line is the whole movie: it
/// replaces the movie's fields, genres, cast and windows. The bounds are the API's own (<see cref="MovieDetail"/>).
/// </summary>
public sealed record FeedMovie(
    [property: Required, StringLength(FeedMovie.MaxExternalIdLength, MinimumLength = 1), NoControlCharacters] string ExternalId,
    [property: Required, StringLength(MovieSummary.MaxTitleLength, MinimumLength = 1), NoControlCharacters] string Title,
    [property: Range(MovieSummary.MinYear, MovieSummary.MaxYear)] int Year,
    IReadOnlyList<string> Genres,
    IReadOnlyList<string> Cast,
    IReadOnlyList<FeedWindow> Availability,
    [property: Range(MovieDetail.MinRuntimeMinutes, MovieDetail.MaxRuntimeMinutes)] int? RuntimeMinutes = null,
    [property: StringLength(MovieDetail.MaxOverviewLength)] string? Overview = null)
{
    public const int MaxExternalIdLength = 100;

    /// <summary>At most this many windows a line (every country, a few windows each).</summary>
    public const int MaxWindows = 2000;
}

/// <summary>
/// A window of a <see cref="FeedMovie"/> in one country: available from <see cref="AvailableFrom"/> (absent: since
/// always) until just before <see cref="AvailableUntil"/> (absent: open-ended), instants with a time zone.
/// </summary>
public sealed record FeedWindow(
    [property: Required, CountryCode] string Country,
    [property: JsonConverter(typeof(UtcInstantConverter))] DateTime? AvailableFrom = null,
    [property: JsonConverter(typeof(UtcInstantConverter))] DateTime? AvailableUntil = null);
