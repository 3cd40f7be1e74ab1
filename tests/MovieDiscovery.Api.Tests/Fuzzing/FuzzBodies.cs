using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CsCheck;
using MovieDiscovery.Api.Infrastructure.Limits;

namespace MovieDiscovery.Api.Tests.Fuzzing;

/// <summary>A request body as sent: its bytes, its Content-Type (null for none), and whether its length is declared.</summary>
public sealed record FuzzBody(byte[] Bytes, string? ContentType, bool Streamed, string Family)
{
    public string Describe()
    {
        var text = Encoding.UTF8.GetString(Bytes);
        var shown = text.Length > 300 ? $"{text[..300]}… ({Bytes.Length} bytes)" : text;
        return $"Content-Type: {ContentType ?? "(none)"}{(Streamed ? ", streamed without Content-Length" : "")}, family {Family}\n    {shown}";
    }
}

/// <summary>What a body generator knows about the world: real ids, real credentials.</summary>
public sealed record BodyHints(IReadOnlyList<int> MovieIds, IReadOnlyList<int> UserIds, IReadOnlyList<string> Emails, IReadOnlyList<string> Passwords);

/// <summary>
/// JSON bodies from an object schema: valid, with each property missing, null, of the wrong type, out
/// of bounds or hostile, with extra properties, deeply nested, over the size limit, not an object,
/// not JSON at all, and with wrong content types.
/// </summary>
public static class FuzzBodies
{
    public const long Limit = RequestBodyLimit.DefaultMaxBytes;

    private static readonly string[] s_wrongContentTypes =
    [
        "text/plain",
        "application/xml",
        "text/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "application/octet-stream",
        "application/json-patch",
        "application/jsonx",
        "json",
        "*/*",
        "application/*",
        "",
        "application/json, text/plain",
        "application/json; charset",
        ";;;",
    ];

    private static readonly string[] s_jsonContentTypes =
    [
        "application/json",
        "application/json; charset=utf-8",
        "APPLICATION/JSON",
        "application/json;charset=UTF-8",
        "application/problem+json",
        "application/vnd.api+json",
        "application/json; charset=utf-16",
        "application/json; charset=iso-8859-1",
        "application/json; charset=us-ascii",
        "application/json; charset=bogus",
        "application/json; charset=\"utf-8\"",
        "application/json; foo=bar",
    ];

    private static readonly (string Name, string Value)[] s_extraProperties =
    [
        ("user_id", "2"),
        ("user_id", "\"1\""),
        ("date_added", "\"2020-01-01T00:00:00Z\""),
        ("id", "1"),
        ("role", "\"admin\""),
        ("is_admin", "true"),
        ("USER_ID", "1"),
        ("userId", "1"),
        ("dateAdded", "\"2020-01-01T00:00:00Z\""),
        ("__proto__", "{\"admin\":true}"),
        ("constructor", "{}"),
        ("", "1"),
        ("$type", "\"System.Object\""),
        ("$id", "\"1\""),
        ("$ref", "\"1\""),
    ];

    /// <summary>Bodies for an operation whose request body has <paramref name="schema"/> (already resolved).</summary>
    public static Gen<FuzzBody> For(JsonElement schema, OpenApiContract contract, BodyHints hints)
    {
        var properties = schema.TryGetProperty("properties", out var declared)
            ? declared.EnumerateObject().Select(p => (p.Name, Schema: contract.Resolve(p.Value))).ToList()
            : [];
        var required = schema.TryGetProperty("required", out var names)
            ? names.EnumerateArray().Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];

        var valid = FuzzValues.Sequence(properties.Select(p =>
                (required.Contains(p.Name) ? Gen.Const(true) : Gen.Bool).Select(ValidJson(p.Name, p.Schema, hints), (present, value) => present ? $"{Key(p.Name)}:{value}" : null)))
            .Select(members => Object(members));

        var mutated = FuzzValues.Sequence(properties.Select(p => FuzzValues.Weighted(
                    (55, ValidJson(p.Name, p.Schema, hints).Select(v => ($"{Key(p.Name)}:{v}", "valid"))),
                    (10, Gen.Const(((string)null!, $"{p.Name}:missing"))),
                    (5, Gen.Const(($"{Key(p.Name)}:null", $"{p.Name}:null"))),
                    (30, HostileJson(p.Schema).Select(v => ($"{Key(p.Name)}:{v.Json}", $"{p.Name}:{v.Family}"))))))
            .Select(FuzzValues.Weighted(
                (70, Gen.Const(ImmutableList<(string, string)>.Empty)),
                (30, Gen.OneOf(s_extraProperties).Select(e => ImmutableList.Create(($"{Key(e.Name)}:{e.Value}", $"extra:{e.Name}"))))),
                (members, extra) => members.AddRange(extra))
            .Select(members => (Json: Object(members.Select(m => m.Item1)), Family: string.Join(',', members.Select(m => m.Item2).Where(f => f != "valid"))));

        var validJson = valid.Select(json => new FuzzBody(Utf8(json), "application/json", false, "valid"));

        return FuzzValues.Weighted(
            (28, validJson),
            (30, mutated.Select(m => new FuzzBody(Utf8(m.Json), "application/json", false, $"mutated({m.Family})"))),
            (5, Gen.OneOf(DeepNesting(properties.Select(p => p.Name).FirstOrDefault() ?? "a")).Select(j => new FuzzBody(Utf8(j.Json), "application/json", false, j.Family))),
            (5, valid.Select(Gen.Int[(int)Limit + 1, (int)Limit * 4], Gen.Bool, (json, size, inString) => new FuzzBody(Oversize(json, size, inString), "application/json", false, $"oversize({size} bytes)"))),
            (3, valid.Select(Gen.Int[-2, 1], (json, delta) => new FuzzBody(Padded(json, (int)Limit + delta), "application/json", false, $"at-limit({Limit + delta} bytes)"))),
            (6, valid.Select(Gen.Int[0, 6], (json, kind) => new FuzzBody(Utf8(NotAnObject(json, kind)), "application/json", false, "not-an-object"))),
            (9, valid.Select(Gen.Int[0, 13], (json, kind) => NotJson(json, kind))),
            (8, valid.Select(Gen.OneOf(s_wrongContentTypes), (json, type) => new FuzzBody(Utf8(json), type, false, "wrong-content-type"))),
            (8, valid.Select(Gen.OneOf(s_jsonContentTypes), (json, type) => new FuzzBody(Utf8(json), type, false, "json-content-type-variant"))),
            (2, Gen.Const(new FuzzBody([], null, false, "no-body"))),
            (3, valid.Select(Gen.Int[0, 2], (json, kind) => kind == 0
                ? new FuzzBody(Oversize(json, (int)Limit * 3, true), "application/json", true, "streamed-oversize")
                : new FuzzBody(Utf8(json), "application/json", true, "streamed"))));
    }

    private static Gen<string> ValidJson(string name, JsonElement schema, BodyHints hints)
    {
        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type == "integer")
        {
            var min = schema.TryGetProperty("minimum", out var minimum) ? minimum.GetInt64() : 0;
            var max = schema.TryGetProperty("maximum", out var maximum) ? maximum.GetInt64() : int.MaxValue;
            var known = name.Contains("movie", StringComparison.Ordinal) ? hints.MovieIds : hints.UserIds;
            var choices = new List<(int, IGen<long>)> { (3, Gen.Long[min, max]), (2, Gen.OneOf(min, max)), (5, Gen.Long[min, Math.Min(max, min + 300)]) };
            if (known.Count > 0)
            {
                choices.Add((10, Gen.OneOf(known.Select(k => (long)k).ToArray())));
            }

            return Gen.Frequency([.. choices]).Select(v => v.ToString(CultureInfo.InvariantCulture));
        }

        if (type == "string" && FuzzValues.IsCountryPattern(schema))
        {
            return Gen.OneOf(FuzzValues.Countries).Select(Quote);
        }

        if (type == "string" && schema.TryGetProperty("format", out var format) && format.GetString() == "email")
        {
            var emails = hints.Emails.Concat(["nobody@test.example", "ALICE@EXAMPLE.COM"]).ToArray();
            return FuzzValues.Weighted(
                (6, Gen.OneOf(emails)),
                (4, Gen.String[Gen.Char.AlphaNumeric, 1, 20].Select(local => $"{local}@test.example"))).Select(Quote);
        }

        if (type == "string" && name.Contains("password", StringComparison.Ordinal) && hints.Passwords.Count > 0)
        {
            return FuzzValues.Weighted((5, Gen.OneOf(hints.Passwords.ToArray())), (5, Gen.String[Gen.Char.AlphaNumeric, 1, 40])).Select(Quote);
        }

        var minLength = schema.TryGetProperty("minLength", out var minL) ? minL.GetInt32() : 0;
        var maxLength = schema.TryGetProperty("maxLength", out var maxL) ? maxL.GetInt32() : 40;
        return Gen.String[Gen.Char.AlphaNumeric, minLength, Math.Min(maxLength, 60)].Select(Quote);
    }

    /// <summary>A JSON value that breaks the property's schema or probes it: wrong type, bounds, hostile text.</summary>
    private static Gen<(string Json, string Family)> HostileJson(JsonElement schema)
    {
        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : null;
        var wrongTypes = Gen.OneOf("true", "false", "[]", "{}", "[1]", "{\"a\":1}", "\"\"", "null").Select(v => (v, "wrong-type"));
        var hostileStrings = FuzzValues.Weighted(
            (4, Gen.OneOf(FuzzValues.SqlInjection)),
            (4, Gen.OneOf(FuzzValues.Unicode)),
            (2, Gen.String[Gen.Char, 0, 30])).Select(v => (Quote(v), "hostile-string"));
        var invalidJsonTokens = Gen.OneOf("NaN", "Infinity", "0x10", "+1", "01", "1.", ".5", "'US'", "undefined", "\"\\ud800\"", "\"\\x41\"", "\"unterminated")
            .Select(v => (v, "invalid-token"));

        if (type == "integer")
        {
            var min = schema.TryGetProperty("minimum", out var minimum) ? minimum.GetInt64() : int.MinValue;
            var max = schema.TryGetProperty("maximum", out var maximum) ? maximum.GetInt64() : int.MaxValue;
            return FuzzValues.Weighted(
                (6, Gen.OneOf(min - 1, max + 1, 0L, -1L, long.MaxValue, long.MinValue).Select(v => (v.ToString(CultureInfo.InvariantCulture), "out-of-bounds"))),
                (4, Gen.OneOf(FuzzValues.HugeNumbers.Where(n => !n.Contains('e', StringComparison.Ordinal)).ToArray()).Select(v => (v, "huge-number"))),
                (5, Gen.OneOf("1.5", "1.0", "1e3", "1E+2", "-0", "-0.0", "2.5e-3").Select(v => (v, "not-an-integer"))),
                (5, Gen.OneOf("\"1\"", "\"42\"", "\"abc\"", "\" 1\"").Select(v => (v, "number-as-string"))),
                (4, wrongTypes),
                (3, hostileStrings),
                (3, invalidJsonTokens));
        }

        var maxLength = schema.TryGetProperty("maxLength", out var maxL) ? maxL.GetInt32() : 100;
        var minLength = schema.TryGetProperty("minLength", out var minL) ? minL.GetInt32() : 0;
        var lengths = Gen.OneOf(maxLength, maxLength + 1, Math.Max(0, minLength - 1), maxLength * 3)
            .Select(n => (Quote(new string('a', n)), $"length-{n}"));
        var near = FuzzValues.IsCountryPattern(schema)
            ? Gen.OneOf(FuzzValues.UnassignedCountries.Concat(["U", "USA", "U1", "12", "ＵＳ", "ÜS", "us\u0000", " US"]).ToArray()).Select(v => (Quote(v), "country-near-miss"))
            : Gen.OneOf(" ", " alice@example.com", "alice@example.com ", "alice@example.com' --", "alice@example.com\u0000", "@", "a@", "@b", "alice@example.com\" OR \"1\"=\"1")
                .Select(v => (Quote(v), "near-miss"));
        return FuzzValues.Weighted(
            (5, hostileStrings),
            (4, near),
            (3, lengths),
            (4, Gen.OneOf("1", "0", "-1", "1.5", "99999999999999999999").Select(v => (v, "number-for-string"))),
            (3, wrongTypes),
            (2, invalidJsonTokens));
    }

    private static (string Json, string Family)[] DeepNesting(string property) =>
    [
        (new string('[', 1000) + new string(']', 1000), "deep-array(1000)"),
        (string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000), "deep-object(1000)"),
        ($"{{{Key(property)}:{new string('[', 1000)}1{new string(']', 1000)}}}", $"deep-in-{property}(1000)"),
        ($"{{{Key(property)}:{string.Concat(Enumerable.Repeat("{\"a\":", 1000))}1{new string('}', 1000)}}}", $"deep-object-in-{property}(1000)"),
        (new string('[', 17), "unclosed-array(17)"),
        (new string('[', 16) + new string(']', 16), "array-depth-16"),
        (new string('[', 17) + new string(']', 17), "array-depth-17"),
    ];

    private static string NotAnObject(string json, int kind) => kind switch
    {
        0 => $"[{json}]",
        1 => "[]",
        2 => Quote(json),
        3 => "42",
        4 => "null",
        5 => "true",
        _ => $"[{json},{json}]",
    };

    private static FuzzBody NotJson(string json, int kind)
    {
        var (bytes, family) = kind switch
        {
            0 => (Utf8("not json"), "text"),
            1 => (Utf8(json[..(json.Length / 2)]), "truncated"),
            2 => (Utf8(json.Replace('"', '\'')), "single-quotes"),
            3 => (Utf8(json.Insert(json.Length - 1, ",")), "trailing-comma"),
            4 => (Utf8("/* c */" + json), "comment"),
            5 => ([0xEF, 0xBB, 0xBF, .. Utf8(json)], "utf8-bom"),
            6 => ([0xFF, 0xFE, .. Encoding.Unicode.GetBytes(json)], "utf16-bytes"),
            7 => ([.. Utf8("{\"x\":\""), 0xC0, 0xAF, 0xFF, .. Utf8("\"}")], "invalid-utf8"),
            8 => (Utf8(json + json), "two-documents"),
            9 => (Utf8("movie_id=1&country=US"), "form-encoded"),
            10 => ([0, 0, 0, 0], "nul-bytes"),
            11 => (Utf8(" "), "whitespace"),
            12 => (Utf8("<?xml version=\"1.0\"?><a/>"), "xml"),
            _ => (Utf8(json + "\u0000"), "trailing-nul"),
        };
        return new FuzzBody(bytes, "application/json", false, $"not-json({family})");
    }

    private static byte[] Oversize(string json, int size, bool inString)
    {
        var padding = Math.Max(1, size - json.Length);
        var padded = inString
            ? json.Insert(1, $"\"pad\":\"{new string('x', padding)}\",")
            : json.Insert(1, new string(' ', padding));
        return Utf8(padded);
    }

    /// <summary>The valid body padded with whitespace to exactly <paramref name="size"/> bytes.</summary>
    private static byte[] Padded(string json, int size) => Utf8(json.Insert(1, new string(' ', Math.Max(0, size - Encoding.UTF8.GetByteCount(json)))));

    private static string Object(IEnumerable<string?> members) => "{" + string.Join(',', members.Where(m => m is not null)) + "}";

    private static string Key(string name) => Quote(name);

    private static string Quote(string value) => JsonSerializer.Serialize(value);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
