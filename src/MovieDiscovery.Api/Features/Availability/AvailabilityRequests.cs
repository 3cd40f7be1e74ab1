using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using MovieDiscovery.Api.Infrastructure.Json;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Availability;

/// <summary>The <c>{movie_id}</c> and <c>{country}</c> of <c>/v1/movies/{movie_id}/availability/{country}</c>.</summary>
public sealed class AvailabilityRoute : IValidatedRequest
{
    private static readonly RequestRules s_rules = RequestRules.Of<AvailabilityRoute>();

    [FromRoute(Name = "movie_id"), Required, Id, Description("A movie id.")]
    public string? MovieId { get; init; }

    [FromRoute(Name = "country"), Required, CountryCode]
    [Description("An assigned ISO-3166-1 alpha-2 country code, in either case (normalised to upper case).")]
    public string? Country { get; init; }

    public int Id { get; private set; }
    public string CountryCode { get; private set; } = "";

    public void Validate(RequestErrors errors)
    {
        Id = s_rules.Number(nameof(MovieId), MovieId) ?? 0;
        CountryCode = s_rules.Text(nameof(Country), Country) ?? "";
    }
}

/// <summary>
/// A window of one movie in one country: from <see cref="AvailableFrom"/> (null: since always) until just before
/// <see cref="AvailableUntil"/> (null: open-ended), instants with a time zone, kept to the microsecond, given in UTC.
/// </summary>
public sealed record WindowBody(
    [property: JsonConverter(typeof(UtcInstantConverter)), Description("Start, inclusive; null or absent: since always.")]
    DateTime? AvailableFrom = null,
    [property: JsonConverter(typeof(UtcInstantConverter)), Description("End, exclusive; null or absent: open-ended.")]
    DateTime? AvailableUntil = null);

/// <summary>The body of the availability PUT: every window of the pair; an empty list makes the movie unavailable there.</summary>
public sealed record ReplaceWindowsRequest(
    [property: MaxLength(ReplaceWindowsRequest.MaxWindows), Description("Every window of the pair, none overlapping another; required.")]
    IReadOnlyList<WindowBody>? Windows = null) : IValidatedRequest
{
    public const int MaxWindows = 100;

    public void Validate(RequestErrors errors)
    {
        if (Windows is null)
        {
            errors.Add("windows", "is required");
            return;
        }

        if (Windows.Count > MaxWindows)
        {
            errors.Add("windows", $"at most {MaxWindows} windows");
            return;
        }

        if (WindowRules.FirstProblem(Windows.Select(w => (w.AvailableFrom, w.AvailableUntil)).ToList()) is { } problem)
        {
            errors.Add(problem.Index is { } index ? $"windows[{index}]" : "windows", problem.Message);
        }
    }
}

/// <summary>What the availability PUT stored: the pair's windows, in order.</summary>
public sealed record PairAvailabilityResponse(
    [property: Id] int MovieId,
    [property: CountryCode] string Country,
    [property: MaxLength(ReplaceWindowsRequest.MaxWindows)] IReadOnlyList<WindowBody> Windows);
