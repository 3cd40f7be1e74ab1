using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Infrastructure.OpenApi;
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

/// <summary>
/// The body of a batch: <c>{ "country": "US", "save": [62, 85], "remove": [120] }</c>. From 1 to <see cref="MaxIds"/>
/// ids in all, each at most once across both lists; <c>country</c> is required when something is saved.
/// </summary>
public sealed record SaveBatchRequest(
    [property: CountryCode, Example("\"US\"")]
    [property: Description("Where the saved movies must be available (as for a single save); required when `save` is not empty.")]
    string? Country = null,
    [property: Id, MaxLength(SaveBatchRequest.MaxIds), Example("[62, 85]")]
    [property: Description("Movie ids to save, each answered as `POST /v1/users/{user_id}/saved-movies` would.")]
    IReadOnlyList<int>? Save = null,
    [property: Id, MaxLength(SaveBatchRequest.MaxIds), Example("[120]")]
    [property: Description("Movie ids to remove, each answered as `DELETE /v1/users/{user_id}/saved-movies/{movie_id}` would.")]
    IReadOnlyList<int>? Remove = null) : IValidatedRequest
{
    public const int MaxIds = 100;

    [JsonIgnore]
    public IReadOnlyList<int> Saves => Save ?? [];

    [JsonIgnore]
    public IReadOnlyList<int> Removes => Remove ?? [];

    /// <summary>The country in upper case, as stored (the request has been validated); empty when nothing is saved.</summary>
    [JsonIgnore]
    public string CountryCode => Country?.ToUpperInvariant() ?? "";

    public void Validate(RequestErrors errors)
    {
        if (Saves.Count + Removes.Count is 0 or > MaxIds)
        {
            errors.Add(Saves.Count is 0 or > MaxIds ? "save" : "remove", $"save and remove must hold from 1 to {MaxIds} movie ids in all");
        }

        if (Saves.Distinct().Count() != Saves.Count)
        {
            errors.Add("save", "must not repeat a movie id");
        }

        if (Removes.Distinct().Count() != Removes.Count)
        {
            errors.Add("remove", "must not repeat a movie id");
        }

        if (Saves.Intersect(Removes).Any())
        {
            errors.Add("remove", "must not name a movie id that save names");
        }

        if (Saves.Count > 0 && Country is null)
        {
            errors.Add("country", "is required when save is not empty");
        }
    }
}
