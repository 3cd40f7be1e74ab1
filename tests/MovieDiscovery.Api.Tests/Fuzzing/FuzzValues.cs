using System.Collections.Immutable;
using System.Globalization;
using CsCheck;

namespace MovieDiscovery.Api.Tests.Fuzzing;

/// <summary>A value for a URL (path segment or query value) and the family it was drawn from.</summary>
/// <param name="Text">The value before encoding, or the exact text to insert when <paramref name="Raw"/>.</param>
/// <param name="Raw">Inserted as is (already percent-encoded junk) instead of escaped.</param>
/// <param name="Family">The kind of value, for the failure report.</param>
public readonly record struct UrlValue(string Text, bool Raw, string Family)
{
    public string Encoded => Raw ? Text : Uri.EscapeDataString(Text);
}

/// <summary>The hostile and boundary values every generator mixes in, by family.</summary>
public static class FuzzValues
{
    public static readonly string[] SqlInjection =
    [
        "' OR 1=1--",
        "1;DROP TABLE movies",
        "1' OR '1'='1",
        "\" OR \"\"=\"",
        "'; DELETE FROM saved_movies; --",
        "1 UNION SELECT password_hash FROM users--",
        "US' OR 'a'='a",
        "1); DROP TABLE users; --",
        "%' OR 1=1 --",
        "' || (SELECT pg_sleep(0)) || '",
        "1 AND 1=CAST((SELECT email FROM users LIMIT 1) AS INT)",
        "\\'; SELECT 1;--",
        "US;--",
        "admin'--",
        "' OR ''='",
        "1/**/OR/**/1=1",
    ];

    public static readonly string[] Unicode =
    [
        "مرحبا",
        "שלום",
        "\u202Eevil\u202C",
        "\u200F1\u200E",
        "🎬",
        "👨‍👩‍👧‍👦",
        "ＵＳ",
        "𝐔𝐒",
        "ÜS",
        "İT",
        "ß",
        "١٢٣",
        "１",
        "𝟏",
        "\uFEFF1",
        "1\u200B",
        "\u0000",
        "a\u0000b",
        "\uD800",
        "\uDFFF\uD800",
        "ǅ",
        "\r\n",
        "\t1",
        "<script>alert(1)</script>",
        "{{7*7}}",
        "${jndi:ldap://x}",
        "../../etc/passwd",
        "C:\\Windows",
    ];

    /// <summary>Already percent-encoded (or broken) text, inserted without escaping.</summary>
    public static readonly string[] PercentJunk =
    [
        "%",
        "%%",
        "%zz",
        "%0",
        "%00",
        "%FF",
        "%FF%FE",
        "%C0%AF",
        "%E2%80%AE",
        "%ED%A0%80",
        "%25",
        "%2525",
        "%u0041",
        "%%32%35",
        "a%00b",
        "%0D%0A",
        "%3Cscript%3E",
        "%2F",
        "%2F..%2F",
        "%5C",
        "%20",
        "+",
        "%2B1",
        "1%2C2",
        "%31",
        "%2531",
        "%F0%9F%8E%AC",
        "%EF%BF%BD",
    ];

    public static readonly string[] WrongTypes =
    [
        "abc",
        "1.0",
        "1.5",
        "1e3",
        "1E+2",
        "0x10",
        "0b1",
        "true",
        "false",
        "null",
        "undefined",
        "[]",
        "{}",
        "[1]",
        "NaN",
        "Infinity",
        "-Infinity",
        "-0",
        "+1",
        "01",
        "00000000000000000001",
        " 1",
        "1 ",
        "1,2",
        "1;2",
        "--1",
        "1-",
        "٣",
        "\u00A01",
    ];

    public static readonly string[] HugeNumbers =
    [
        "99999999999999999999",
        "-99999999999999999999",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        "1" + new string('0', 400),
        "340282366920938463463374607431768211456",
        "1e309",
    ];

    public static readonly string[] Countries = ["US", "GB", "BR", "DE", "JP", "us", "gb", "Br", "dE", "jp", "FR", "CA", "AQ", "ZW"];

    public static readonly string[] UnassignedCountries = ["XX", "ZZ", "AA", "UK", "EU", "QQ", "XK", "OO"];

    /// <summary>A value of a family every parameter gets in addition to its schema's own.</summary>
    public static Gen<UrlValue> Hostile(int weight = 1) => Weighted(
        (4 * weight, Gen.OneOf(SqlInjection).Select(v => new UrlValue(v, false, "sql-injection"))),
        (4 * weight, Gen.OneOf(Unicode).Select(v => new UrlValue(v, false, "unicode"))),
        (4 * weight, Gen.OneOf(PercentJunk).Select(v => new UrlValue(v, true, "percent-junk"))),
        (4 * weight, Gen.OneOf(WrongTypes).Select(v => new UrlValue(v, false, "wrong-type"))),
        (3 * weight, Gen.OneOf(HugeNumbers).Select(v => new UrlValue(v, false, "huge-number"))),
        (2 * weight, Gen.Const(new UrlValue("", false, "empty"))),
        (2 * weight, Gen.String[Gen.Char, 0, 40].Select(v => new UrlValue(v, false, "random-unicode"))),
        (1 * weight, Gen.String[Gen.Char[' ', '~'], 200, 3000].Select(v => new UrlValue(v, false, "long-ascii"))));

    /// <summary>Values for an integer schema: in bounds, at and past the bounds, and every hostile family.</summary>
    public static Gen<UrlValue> ForInteger(JsonElement schema, IReadOnlyList<int> known, bool validOnly = false)
    {
        var min = schema.TryGetProperty("minimum", out var minimum) ? minimum.GetInt64() : int.MinValue;
        var max = schema.TryGetProperty("maximum", out var maximum) ? maximum.GetInt64() : int.MaxValue;
        var low = (int)Math.Max(min, int.MinValue);
        var high = (int)Math.Min(max, int.MaxValue);
        var choices = new List<(int, IGen<UrlValue>)>
        {
            (20, Gen.Int[low, (int)Math.Min(high, (long)low + 300)].Select(v => Plain(v, "in-bounds"))),
            (6, Gen.Int[low, high].Select(v => Plain(v, "in-bounds-wide"))),
            (8, Gen.OneOf(min, max).Select(v => Plain(v, "at-bound"))),
        };
        if (!validOnly)
        {
            choices.Add((8, Gen.OneOf(min - 1, max + 1, 0L, -1L, (long)int.MinValue, (long)int.MinValue - 1, (long)int.MaxValue + 1, long.MaxValue, long.MinValue)
                .Select(v => Plain(v, "out-of-bounds"))));
            choices.Add((30, Hostile()));
        }

        if (known.Count > 0)
        {
            choices.Add((25, Gen.OneOf(known.ToArray()).Select(v => Plain(v, "known-id"))));
        }

        return Gen.Frequency([.. choices]);
    }

    /// <summary>Values for a string schema: its enum or pattern, near misses, and every hostile family.</summary>
    public static Gen<UrlValue> ForString(JsonElement schema, IReadOnlyList<string> known, bool validOnly = false)
    {
        var choices = new List<(int, IGen<UrlValue>)>();
        if (!validOnly)
        {
            choices.Add((30, Hostile()));
        }

        if (known.Count > 0)
        {
            choices.Add((30, Gen.OneOf(known.ToArray()).Select(v => new UrlValue(v, false, "known-value"))));
        }

        if (schema.TryGetProperty("enum", out var values) && !IsCountryPattern(schema))
        {
            var allowed = values.EnumerateArray().Select(v => v.GetString()!).ToArray();
            var nearMisses = allowed.SelectMany(v => new[]
            {
                v.ToUpperInvariant(), " " + v, v + " ", "+" + v.TrimStart('-'), "-" + v, "--" + v.TrimStart('-'),
                v + "," + v, v.TrimStart('-') + "desc", v.Replace('_', '-'), v.Replace("_", "", StringComparison.Ordinal),
            }).Where(v => !allowed.Contains(v, StringComparer.Ordinal)).Distinct().ToArray();
            choices.Add((45, Gen.OneOf(allowed).Select(v => new UrlValue(v, false, "enum"))));
            if (!validOnly)
            {
                choices.Add((20, Gen.OneOf(nearMisses).Select(v => new UrlValue(v, false, "enum-near-miss"))));
                choices.Add((5, Gen.String[Gen.Char.AlphaNumeric, 1, 12].Select(v => new UrlValue(v, false, "not-in-enum"))));
            }
        }
        else if (IsCountryPattern(schema))
        {
            var letter = Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"];
            choices.Add((40, Gen.OneOf(Countries).Select(v => new UrlValue(v, false, "country"))));
            choices.Add((10, Gen.String[letter, 2, 2].Select(v => new UrlValue(v, false, "two-letters"))));
            if (!validOnly)
            {
                choices.Add((8, Gen.OneOf(UnassignedCountries).Select(v => new UrlValue(v, false, "unassigned-country"))));
                choices.Add((10, Gen.OneOf("U", "USA", "U S", "US ", " US", "U1", "12", "U.S.", "USUS", "U-S", "us\u0000", "Us\t")
                    .Select(v => new UrlValue(v, false, "country-near-miss"))));
            }
        }
        else
        {
            var minLength = schema.TryGetProperty("minLength", out var minL) ? minL.GetInt32() : 0;
            var maxLength = schema.TryGetProperty("maxLength", out var maxL) ? maxL.GetInt32() : 50;
            choices.Add((40, Gen.String[Gen.Char.AlphaNumeric, minLength, Math.Min(maxLength, 60)].Select(v => new UrlValue(v, false, "string"))));
            if (!validOnly)
            {
                choices.Add((10, Gen.OneOf(maxLength, maxLength + 1).Select(n => new UrlValue(new string('a', n), false, "length-bound"))));
            }
        }

        return Gen.Frequency([.. choices]);
    }

    /// <summary>One of the generators, chosen with the given weights (a zero weight leaves it out).</summary>
    public static Gen<T> Weighted<T>(params (int Weight, IGen<T> Gen)[] choices) => Gen.Frequency([.. choices.Where(c => c.Weight > 0)]);

    /// <summary>
    /// Cursors in the shape the API issues (base64url of <c>c1|list|page_size|page|sort_key|id</c>) but with
    /// values it never issues: other lists, extreme sort keys, pages and sizes out of range.
    /// </summary>
    public static Gen<UrlValue> ForgedCursors(IReadOnlyList<string> listKeys) =>
        Gen.OneOf(listKeys.ToArray())
            .Select(
                Gen.OneOf(1, 5, 20, 100, 101, 0),
                Gen.OneOf(2, 3, 1, 0, int.MaxValue),
                Gen.OneOf(-1L, 0L, 2000L, 1L << 31, -(1L << 31) - 1, long.MaxValue, long.MinValue, 638_000_000_000_000_000L, 3_155_378_975_999_999_999L, 3_155_378_976_000_000_000L),
                Gen.OneOf(1, 2, 100, int.MaxValue),
                (list, size, page, key, id) => string.Create(CultureInfo.InvariantCulture, $"c1|{list}|{size}|{page}|{key}|{id}"))
            .Select(text => new UrlValue(System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(text)), false, "forged-cursor"));

    /// <summary>The document's list of assigned country codes (its <c>CountryCode</c> schema, resolved).</summary>
    public static bool IsCountryPattern(JsonElement schema) =>
        schema.TryGetProperty("enum", out var codes) && codes.GetArrayLength() > 200
        && codes.EnumerateArray().Any(code => code.GetString() == "US");

    /// <summary>All the generators in order, their values collected into one list.</summary>
    public static Gen<ImmutableList<T>> Sequence<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(Gen.Const(ImmutableList<T>.Empty), (list, gen) => list.Select(gen, (items, item) => items.Add(item)));

    private static UrlValue Plain(long value, string family) => new(value.ToString(CultureInfo.InvariantCulture), false, family);
}
