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
    public static readonly IReadOnlyList<string> Sorts = ["-date_added", "date_added"];

    [FromRoute(Name = "user_id")]
    public string? RawUserId { get; init; }

    [FromQuery(Name = "country")]
    public string? Country { get; init; }

    [FromQuery(Name = "sort")]
    public string? Sort { get; init; }

    public int UserId { get; private set; }
    public string CountryCode { get; private set; } = "";
    public bool Ascending { get; private set; }

    protected override bool IsSortKey(long key) => key >= 0 && key <= DateTime.MaxValue.Ticks;

    protected override string ListKey => $"saved:{UserId}:{CountryCode}:{(Ascending ? Sorts[1] : Sorts[0])}";

    public override void Validate(RequestErrors errors)
    {
        UserId = QueryValues.RequiredId(RawUserId, "user_id", errors);
        CountryCode = QueryValues.Country(Country, "country", errors) ?? "";
        Ascending = QueryValues.OneOf(Sort, "sort", Sorts, Sorts[0], errors) == Sorts[1];
        base.Validate(errors);
    }
}

/// <summary>The <c>{user_id}</c> of <c>POST /v1/users/{user_id}/saved-movies</c>.</summary>
public sealed class UserRoute : IValidatedRequest, IUserScopedRequest
{
    [FromRoute(Name = "user_id")]
    public string? RawUserId { get; init; }

    public int UserId { get; private set; }

    public void Validate(RequestErrors errors) => UserId = QueryValues.RequiredId(RawUserId, "user_id", errors);
}

/// <summary>The <c>{user_id}</c> and <c>{movie_id}</c> of one saved movie.</summary>
public sealed class SavedMovieRoute : IValidatedRequest, IUserScopedRequest
{
    [FromRoute(Name = "user_id")]
    public string? RawUserId { get; init; }

    [FromRoute(Name = "movie_id")]
    public string? RawMovieId { get; init; }

    public int UserId { get; private set; }
    public int MovieId { get; private set; }

    public void Validate(RequestErrors errors)
    {
        UserId = QueryValues.RequiredId(RawUserId, "user_id", errors);
        MovieId = QueryValues.RequiredId(RawMovieId, "movie_id", errors);
    }
}

/// <summary>The body of a save: <c>{ "movie_id": 42, "country": "US" }</c>. Nothing else is accepted.</summary>
public sealed record SaveMovieRequest(
    [property: Range(1, int.MaxValue)] int MovieId,
    [property: StringLength(2, MinimumLength = 2), RegularExpression("^[A-Za-z]{2}$")] string Country) : IValidatedRequest
{
    [JsonIgnore]
    public string CountryCode { get; private set; } = "";

    public void Validate(RequestErrors errors)
    {
        if (MovieId < 1)
        {
            errors.Add("movie_id", "must be an integer of at least 1");
        }

        CountryCode = QueryValues.Country(Country, "country", errors) ?? "";
    }
}
