using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using MovieDiscovery.Api.Infrastructure.Paging;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>The query of <c>GET /v1/movies</c>.</summary>
public sealed class MovieListQuery : KeysetPagedQuery
{
    public const string NewestFirst = "-year";
    public const string OldestFirst = "year";

    private static readonly RequestRules s_rules = RequestRules.Of<MovieListQuery>();

    [FromQuery(Name = "country"), Required, CountryCode]
    [Description("An assigned ISO-3166-1 alpha-2 country code, in either case (normalised to upper case).")]
    public string? Country { get; init; }

    [FromQuery(Name = "genre"), Id]
    [Description("Only movies that have this genre (a genre id).")]
    public string? Genre { get; init; }

    [FromQuery(Name = "sort"), AllowedValues(NewestFirst, OldestFirst), DefaultValue(NewestFirst)]
    [Description("Order of the items by year (a leading '-' means descending); ties are broken by id.")]
    public string? Sort { get; init; }

    public string CountryCode { get; private set; } = "";
    public int? GenreId { get; private set; }
    public bool Ascending { get; private set; }

    protected override bool IsSortKey(long key) => key is >= short.MinValue and <= short.MaxValue;

    protected override string ListKey => $"movies:{CountryCode}:{GenreId ?? 0}:{(Ascending ? OldestFirst : NewestFirst)}";

    protected override void Bind()
    {
        CountryCode = s_rules.Text(nameof(Country), Country) ?? "";
        GenreId = s_rules.Number(nameof(Genre), Genre);
        Ascending = Sort == OldestFirst;
    }
}
