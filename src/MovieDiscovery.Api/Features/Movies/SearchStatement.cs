using System.Globalization;
using System.Text;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;
using Npgsql;
using NpgsqlTypes;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>A statement's text fragments and its positional parameters, numbered as they are added.</summary>
internal sealed class SearchStatement
{
    private readonly List<NpgsqlParameter> _parameters = [];
    private string? _query;

    /// <summary>Whether the filter has a condition on movie_search besides the country: genres, years or title words.</summary>
    public static bool FiltersSearch(MovieFilter filter) =>
        filter.Genres.Count > 0 || filter.ExcludedGenres.Count > 0 || filter.YearFrom is not null || filter.YearTo is not null || filter.Query is not null;

    /// <summary>The filter's conditions on movie_search <c>s</c>: only those the filter uses.</summary>
    public string Where(MovieFilter filter, bool withYears)
    {
        var where = new StringBuilder($"s.country_code = {Country(filter.Country)}");
        if (withYears && filter.YearFrom is { } from)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND s.year >= {Int(from)}");
        }

        if (withYears && filter.YearTo is { } to)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND s.year <= {Int(to)}");
        }

        // Genres up to MovieSearch.MaskedGenres are bits of genre_mask; its sign bit (genre_mask < 0) says that the
        // movie has others, listed in other_genre_ids, which is read only then.
        if (filter.Genres.Count > 0)
        {
            var (mask, others) = Split(filter.Genres);
            var bits = mask == 0 ? null : Long(mask);
            var list = others is null ? null : Ints(others);
            if (filter.MatchAll)
            {
                where.Append(bits is null ? "" : $" AND (s.genre_mask & {bits}) = {bits}");
                where.Append(list is null ? "" : $" AND s.genre_mask < 0 AND s.other_genre_ids @> {list}");
            }
            else
            {
                var anyBit = bits is null ? null : $"(s.genre_mask & {bits}) <> 0";
                var anyOther = list is null ? null : $"s.genre_mask < 0 AND s.other_genre_ids && {list}";
                where.Append(CultureInfo.InvariantCulture, $" AND ({string.Join(" OR ", new[] { anyBit, anyOther }.OfType<string>())})");
            }
        }

        if (filter.ExcludedGenres.Count > 0)
        {
            var (mask, others) = Split(filter.ExcludedGenres);
            where.Append(mask == 0 ? "" : $" AND (s.genre_mask & {Long(mask)}) = 0");
            where.Append(others is null ? "" : $" AND (s.genre_mask >= 0 OR NOT s.other_genre_ids && {Ints(others)})");
        }

        if (filter.Query is { } query)
        {
            // Every word of the query starts a word of the title. The query is normalised by the same title_words as
            // the titles, once (an init plan); no word at all leaves a NULL array, which matches nothing.
            _query = Add(new NpgsqlParameter<string> { TypedValue = query });
            where.Append(CultureInfo.InvariantCulture,
                $" AND s.title_words LIKE ALL ((SELECT array_agg('% ' || w || '%') FROM unnest(string_to_array(btrim(title_words({_query})), ' ')) AS w)::text[])");
        }

        return where.ToString();
    }

    /// <summary>The title is the query (after normalisation). Only after <see cref="Where"/> with a query.</summary>
    public string ExactTitle() => $"s.title_words = (SELECT title_words({_query}))";

    /// <summary>The title starts with the query (its last word possibly a prefix). Only after <see cref="Where"/> with a query.</summary>
    public string TitleStart() => $"s.title_words LIKE (SELECT rtrim(title_words({_query})) || '%')";

    public string Int(int value) => Add(new NpgsqlParameter<int> { TypedValue = value });

    public string Country(string code) => Add(new NpgsqlParameter<string> { TypedValue = code, NpgsqlDbType = NpgsqlDbType.Char });

    public string Instant(DateTime value) => Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.SpecifyKind(value, DateTimeKind.Utc) });

    public string Long(long value) => Add(new NpgsqlParameter<long> { TypedValue = value });

    public async Task<OpenCommand> OpenAsync(AppDbContext db, string sql, CancellationToken cancellationToken)
    {
        var opened = await db.OpenCommandAsync(sql, cancellationToken);
        foreach (var parameter in _parameters)
        {
            opened.Command.Parameters.Add(parameter);
        }

        return opened;
    }

    private string Ints(int[] values) => Add(new NpgsqlParameter<int[]> { TypedValue = values });

    private string Add(NpgsqlParameter parameter)
    {
        _parameters.Add(parameter);
        return $"${_parameters.Count}";
    }

    /// <summary>The genres as movie_search holds them: the bits of those up to the masked ones, and the others (or null).</summary>
    private static (long Mask, int[]? Others) Split(IReadOnlyList<int> genres)
    {
        var mask = 0L;
        foreach (var genre in genres.Where(g => g <= MovieSearch.MaskedGenres))
        {
            mask |= 1L << (genre - 1);
        }

        var others = genres.Where(g => g > MovieSearch.MaskedGenres).ToArray();
        return (mask, others.Length == 0 ? null : others);
    }
}
