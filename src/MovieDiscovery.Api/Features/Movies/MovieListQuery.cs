using Microsoft.AspNetCore.Mvc;
using MovieDiscovery.Api.Infrastructure.Paging;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>The query of <c>GET /v1/movies</c>.</summary>
public sealed class MovieListQuery : KeysetPagedQuery
{
    public static readonly IReadOnlyList<string> Sorts = ["-year", "year"];

    [FromQuery(Name = "country")]
    public string? Country { get; init; }

    [FromQuery(Name = "genre")]
    public string? Genre { get; init; }

    [FromQuery(Name = "sort")]
    public string? Sort { get; init; }

    public string CountryCode { get; private set; } = "";
    public int? GenreId { get; private set; }
    public bool Ascending { get; private set; }

    protected override bool IsSortKey(long key) => key is >= short.MinValue and <= short.MaxValue;

    protected override string ListKey => $"movies:{CountryCode}:{GenreId ?? 0}:{(Ascending ? Sorts[1] : Sorts[0])}";

    public override void Validate(RequestErrors errors)
    {
        CountryCode = QueryValues.Country(Country, "country", errors) ?? "";
        GenreId = QueryValues.OptionalId(Genre, "genre", errors);
        Ascending = QueryValues.OneOf(Sort, "sort", Sorts, Sorts[0], errors) == Sorts[1];
        base.Validate(errors);
    }
}
