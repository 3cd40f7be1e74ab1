using System.Buffers.Text;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using MovieDiscovery.Api.Infrastructure.OpenApi;
using MovieDiscovery.Api.Infrastructure.Paging;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>The query of <c>GET /v1/movies</c>.</summary>
public sealed class MovieListQuery : KeysetPagedQuery
{
    public const string NewestFirst = "-year";
    public const string OldestFirst = "year";
    public const string ByRelevance = "relevance";
    public const string LeavingSoonest = "leaving";
    public const string ArrivedLatest = "arrived";
    public const string MatchAny = "any";
    public const string MatchAll = "all";
    public const int MaxGenres = 10;
    public const int MinYear = 1870;
    public const int MaxYear = 2100;
    public const int MaxQueryLength = 100;
    public const int MaxWithinDays = 90;
    public const string LeavingWithinDaysName = "leaving_within_days";
    public const string ArrivedWithinDaysName = "arrived_within_days";

    private static readonly RequestRules s_rules = RequestRules.Of<MovieListQuery>();

    [FromQuery(Name = "country"), Required, CountryCode, Example("\"US\"")]
    [Description("An assigned ISO-3166-1 alpha-2 country code, in either case (normalised to upper case).")]
    public string? Country { get; init; }

    [FromQuery(Name = "genre"), IdList(MaxGenres), Example("[3, 14]")]
    [Description("Only movies that have any of these genres (or all of them, with `genre_match=all`): genre ids, comma-separated. " +
        "An unknown id matches nothing.")]
    public string? Genre { get; init; }

    [FromQuery(Name = "genre_match"), AllowedValues(MatchAny, MatchAll), DefaultValue(MatchAny), Example("\"all\"")]
    [Description("`any`: a movie needs at least one of the `genre` ids; `all`: every one of them.")]
    public string? GenreMatch { get; init; }

    [FromQuery(Name = "exclude_genre"), IdList(MaxGenres), Example("[9]")]
    [Description("Only movies that have none of these genres: genre ids, comma-separated, none of them also in `genre`. " +
        "An unknown id excludes nothing.")]
    public string? ExcludeGenre { get; init; }

    [FromQuery(Name = "year_from"), Range(MinYear, MaxYear), Example("1990")]
    [Description("Only movies released in this year or later; at most `year_to`.")]
    public string? YearFrom { get; init; }

    [FromQuery(Name = "year_to"), Range(MinYear, MaxYear), Example("2009")]
    [Description("Only movies released in this year or earlier.")]
    public string? YearTo { get; init; }

    [FromQuery(Name = "q"), StringLength(MaxQueryLength, MinimumLength = 1), Trimmed, NoControlCharacters, Example("\"amelie\"")]
    [Description("Title search, ignoring case and accents: every word of `q` must start a word of the title (a word is a run of " +
        "letters and digits), so `star wa` finds \"Star Wars\" and `amelie` finds \"Amélie\". At least one letter or digit; " +
        "the spaces around it do not count.")]
    public string? Q { get; init; }

    [FromQuery(Name = LeavingWithinDaysName), Range(1, MaxWithinDays), Example("7")]
    [Description("Only movies whose current window in `country` ends within this many days (leaving soon); open-ended ones never do.")]
    public string? LeavingWithinDays { get; init; }

    [FromQuery(Name = ArrivedWithinDaysName), Range(1, MaxWithinDays), Example("7")]
    [Description("Only movies whose current window in `country` started within this many days (new arrivals); those available " +
        "since always never did.")]
    public string? ArrivedWithinDays { get; init; }

    [FromQuery(Name = "sort"), AllowedValues(NewestFirst, OldestFirst, ByRelevance, LeavingSoonest, ArrivedLatest), Example("\"leaving\"")]
    [Description("Order by year (a leading '-' means descending); by `leaving`: the current window's end in `country`, soonest " +
        "first, open-ended last; by `arrived`: its start, latest first, available since always last; or, only with `q`, by " +
        "`relevance`: the exact title first, then titles that start with `q`, then the rest, each newest first. Ties by id " +
        "ascending. Default: `relevance` with `q`, else `-year`.")]
    public string? Sort { get; init; }

    public string CountryCode { get; private set; } = "";

    /// <summary>The one genre of the list as it always was (one genre or none, no other filter, by year); null otherwise.</summary>
    public int? GenreId { get; private set; }

    public bool Ascending => Filter.Order == MovieOrder.OldestFirst;

    /// <summary>The list's filters and order.</summary>
    public MovieFilter Filter { get; private set; } = new("", [], false, [], null, null, null, MovieOrder.NewestFirst);

    /// <summary>
    /// Whether the list is a country's catalogue or one genre of it by year, read from the listing the database keeps
    /// with its counts (<see cref="Data.Entities.MovieListing"/>); any other filter reads the search table.
    /// </summary>
    public bool IsListing { get; private set; } = true;

    protected override bool IsSortKey(long key) => Filter.Order switch
    {
        MovieOrder.Relevance => key >> 32 is >= 0 and <= 2 && (int)(uint)key is >= short.MinValue and <= short.MaxValue,
        MovieOrder.Leaving or MovieOrder.Arrived => WindowEdge.IsValid(key),
        _ => key is >= short.MinValue and <= short.MaxValue,
    };

    // The listing's lists keep the keys they always had, so their cursors stay valid; the others are named by a
    // digest of every filter (a query text may hold any character, and a cursor has a bounded length).
    protected override string ListKey => IsListing
        ? $"movies:{CountryCode}:{GenreId ?? 0}:{(Ascending ? OldestFirst : NewestFirst)}"
        : $"find:{CountryCode}:{Digest(Filter)}";

    /// <summary>The sort key a cursor keeps for a movie at <paramref name="position"/>.</summary>
    public long SortKeyOf(MoviePosition position) => Filter.Order switch
    {
        MovieOrder.Relevance => ((long)position.Class << 32) | (uint)position.Year,
        MovieOrder.Leaving or MovieOrder.Arrived => position.Edge.Ticks,
        _ => position.Year,
    };

    /// <summary>Where the cursor's page starts: right after the movie it names.</summary>
    public MoviePosition? Position => After is { } cursor
        ? Filter.Order switch
        {
            MovieOrder.Relevance => new MoviePosition((int)(cursor.SortKey >> 32), (int)(uint)cursor.SortKey, cursor.Id),
            MovieOrder.Leaving or MovieOrder.Arrived => new MoviePosition(0, 0, cursor.Id, new WindowEdge(cursor.SortKey)),
            _ => new MoviePosition(0, (int)cursor.SortKey, cursor.Id),
        }
        : null;

    public override void Validate(RequestErrors errors)
    {
        base.Validate(errors);
        if (Filter.YearFrom > Filter.YearTo)
        {
            errors.Add("year_from", "must be at most year_to");
        }

        if (Filter.Genres.Intersect(Filter.ExcludedGenres).Any())
        {
            errors.Add("exclude_genre", "must not name a genre that genre names");
        }

        if (Q is not null && !Q.EnumerateRunes().Any(Rune.IsLetterOrDigit))
        {
            errors.Add("q", "must have at least one letter or digit");
        }

        if (Sort == ByRelevance && Q is null)
        {
            errors.Add("sort", "can be relevance only with q");
        }
    }

    protected override void Bind()
    {
        CountryCode = s_rules.Text(nameof(Country), Country) ?? "";
        var query = s_rules.Text(nameof(Q), Q);
        Filter = new MovieFilter(
            CountryCode,
            [.. s_rules.Ids(nameof(Genre), Genre).Order()],
            GenreMatch == MatchAll,
            [.. s_rules.Ids(nameof(ExcludeGenre), ExcludeGenre).Order()],
            s_rules.Number(nameof(YearFrom), YearFrom),
            s_rules.Number(nameof(YearTo), YearTo),
            query,
            Sort switch
            {
                OldestFirst => MovieOrder.OldestFirst,
                NewestFirst => MovieOrder.NewestFirst,
                LeavingSoonest => MovieOrder.Leaving,
                ArrivedLatest => MovieOrder.Arrived,
                _ => query is null ? MovieOrder.NewestFirst : MovieOrder.Relevance,
            },
            s_rules.Number(nameof(LeavingWithinDays), LeavingWithinDays),
            s_rules.Number(nameof(ArrivedWithinDays), ArrivedWithinDays));
        IsListing = Filter is { Genres.Count: <= 1, ExcludedGenres.Count: 0, YearFrom: null, YearTo: null, Query: null, ReadsWindows: false };
        GenreId = IsListing && Filter.Genres.Count == 1 ? Filter.Genres[0] : null;
    }

    private static string Digest(MovieFilter filter)
    {
        var canonical = string.Join('\n', string.Join(',', filter.Genres), filter.MatchAll, string.Join(',', filter.ExcludedGenres),
            filter.YearFrom, filter.YearTo, filter.Query, filter.Order);
        // Lists from before the window filters keep their digest, so the cursors already handed out stay valid.
        if (filter.WithinDays)
        {
            canonical += $"\n{filter.LeavingWithinDays}\n{filter.ArrivedWithinDays}";
        }

        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)).AsSpan(0, 16));
    }
}
