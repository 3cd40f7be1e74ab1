using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Infrastructure.Paging;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.SavedMovies;

/// <summary>The query of <c>GET /v1/users/{user_id}/saved-movies</c>.</summary>
public sealed class SavedMovieListQuery : KeysetPagedQuery, IUserScopedRequest
{
    public const string NewestFirst = "-date_added";
    public const string OldestFirst = "date_added";

    private static readonly RequestRules s_rules = RequestRules.Of<SavedMovieListQuery>();

    // The user is part of the list a cursor belongs to, so this query reads it rather than a UserRoute.
    [FromRoute(Name = "user_id"), Required, Id, Description("A user id.")]
    public string? RawUserId { get; init; }

    [FromQuery(Name = "country"), Required, CountryCode]
    [Description("An assigned ISO-3166-1 alpha-2 country code, in either case (normalised to upper case).")]
    public string? Country { get; init; }

    [FromQuery(Name = "sort"), AllowedValues(NewestFirst, OldestFirst), DefaultValue(NewestFirst)]
    [Description("Order of the items by date added (a leading '-' means descending); ties are broken by movie id.")]
    public string? Sort { get; init; }

    public int UserId { get; private set; }
    public string CountryCode { get; private set; } = "";
    public bool Ascending { get; private set; }

    protected override bool IsSortKey(long key) => key >= 0 && key <= DateTime.MaxValue.Ticks;

    protected override string ListKey => $"saved:{UserId}:{CountryCode}:{(Ascending ? OldestFirst : NewestFirst)}";

    protected override void Bind()
    {
        UserId = s_rules.Number(nameof(RawUserId), RawUserId) ?? 0;
        CountryCode = s_rules.Text(nameof(Country), Country) ?? "";
        Ascending = Sort == OldestFirst;
    }
}

/// <summary>The <c>{user_id}</c> of <c>/v1/users/{user_id}/saved-movies/…</c>.</summary>
public sealed class UserRoute : IValidatedRequest, IUserScopedRequest
{
    private static readonly RequestRules s_rules = RequestRules.Of<UserRoute>();

    [FromRoute(Name = "user_id"), Required, Id, Description("A user id.")]
    public string? RawUserId { get; init; }

    public int UserId { get; private set; }

    public void Validate(RequestErrors errors) => UserId = s_rules.Number(nameof(RawUserId), RawUserId) ?? 0;
}

/// <summary>The body of a save: <c>{ "movie_id": 42, "country": "US" }</c>. Nothing else is accepted.</summary>
public sealed record SaveMovieRequest([property: Id] int MovieId, [property: Required, CountryCode] string Country)
{
    /// <summary>The country in upper case, as stored (the request has been validated).</summary>
    [JsonIgnore]
    public string CountryCode => Country.ToUpperInvariant();
}
