using System.Globalization;
using System.Text;
using CsCheck;

namespace MovieDiscovery.Api.Tests.Fuzzing;

/// <summary>Who a request claims to be: the Authorization header sent (null for none) and the user it stands for.</summary>
public sealed record FuzzIdentity(string Label, string? Authorization, int? UserId);

/// <summary>The facts of the database under test that generators draw from.</summary>
public sealed record FuzzWorld(
    FuzzIdentity Owner,
    IReadOnlyList<FuzzIdentity> OtherValid,
    IReadOnlyList<FuzzIdentity> Broken,
    IReadOnlyList<int> MovieIds,
    IReadOnlyList<int> UserIds,
    IReadOnlyList<string> Cursors,
    IReadOnlyList<string> CursorLists,
    IReadOnlyList<string> ETags,
    BodyHints Body);

/// <summary>One generated request, with what is needed to print and replay it.</summary>
public sealed record FuzzRequest(
    string Method,
    string Target,
    FuzzIdentity Identity,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    FuzzBody? Body,
    string Family)
{
    public string Describe()
    {
        var text = new StringBuilder()
            .Append(Method).Append(' ').Append(Target.Length > 400 ? Target[..400] + $"… ({Target.Length} chars)" : Target)
            .Append("\n  auth: ").Append(Identity.Label);
        foreach (var (name, value) in Headers)
        {
            text.Append("\n  ").Append(name).Append(": ").Append(value.Length > 200 ? value[..200] + "…" : value);
        }

        text.Append("\n  families: ").Append(Family);
        if (Body is not null)
        {
            text.Append("\n  body: ").Append(Body.Describe());
        }

        return text.ToString();
    }
}

/// <summary>Requests for one operation of the document, from its parameters, request body and security.</summary>
public static class FuzzRequests
{
    private static readonly string[] s_methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    private static readonly string[] s_undeclaredParameters =
    [
        "user_id=2", "foo=bar", "country[]=US", "page[size]=1", "PAGE=0", "Page_Size=1000", "page%00=1", "=x", "&&&", "%26=1",
        "sort=year&sort=-year", "callback=alert(1)", "__proto__[x]=1", "debug=true", "q=' OR 1=1--",
    ];

    public static Gen<FuzzRequest> For(ApiOperation op, OpenApiContract contract, FuzzWorld world, IReadOnlySet<string> methodsOnPath)
    {
        var otherMethods = s_methods.Where(m => !methodsOnPath.Contains(m)).ToArray();
        var method = otherMethods.Length == 0
            ? Gen.Const((op.Method, ""))
            : FuzzValues.Weighted((97, Gen.Const((op.Method, ""))), (3, Gen.OneOf(otherMethods).Select(m => (m, $"method:{m}"))));
        var body = op.RequestBodySchema is { } schema
            ? FuzzBodies.For(contract.Resolve(schema), contract, world.Body).Select(b => (FuzzBody?)b)
            : FuzzValues.Weighted(
                (96, Gen.Const((FuzzBody?)null)),
                (4, Gen.Int[(int)FuzzBodies.Limit + 1, (int)FuzzBodies.Limit * 3]
                    .Select(n => (FuzzBody?)new FuzzBody(Encoding.UTF8.GetBytes(new string(' ', n)), "application/json", false, "unexpected-oversize-body"))));

        // Two in five requests draw every parameter from its valid values, so the handlers' own paths are reached.
        var validOnly = FuzzValues.Weighted((40, Gen.Const(true)), (60, Gen.Const(false)));
        return Identity(op, world).SelectMany(validOnly, (identity, valid) =>
            Path(op, world, identity, valid).Select(Query(op, world, valid), Headers(op, world, valid), method, body, (path, query, headers, verb, payload) =>
                new FuzzRequest(
                    verb.Item1,
                    path.Path + query.Query,
                    identity,
                    headers.Headers,
                    payload,
                    string.Join("; ", new[] { valid ? "valid-parameters" : "", path.Family, query.Family, headers.Family, verb.Item2 }.Where(f => f.Length > 0)))));
    }

    private static Gen<FuzzIdentity> Identity(ApiOperation op, FuzzWorld world)
    {
        var none = Gen.Const(new FuzzIdentity("no token", null, null));
        var others = Gen.OneOf(world.OtherValid.ToArray());
        var broken = Gen.OneOf(world.Broken.ToArray());
        return op.Secured
            ? FuzzValues.Weighted((42, Gen.Const(world.Owner)), (20, others), (10, none), (28, broken))
            : FuzzValues.Weighted((60, none), (10, Gen.Const(world.Owner)), (10, others), (20, broken));
    }

    private static Gen<(string Path, string Family)> Path(ApiOperation op, FuzzWorld world, FuzzIdentity identity, bool validOnly)
    {
        var segments = op.InPath.Select(p =>
        {
            var values = Values(p, world, validOnly);
            if (p.Name == "user_id" && identity.UserId is { } self)
            {
                values = FuzzValues.Weighted((45, Gen.Const(new UrlValue(self.ToString(CultureInfo.InvariantCulture), false, "own-id"))), (55, values));
            }

            return values.Select(v => (p.Name, Value: v));
        });

        return FuzzValues.Sequence(segments).Select(values =>
        {
            var path = op.PathTemplate;
            foreach (var (name, value) in values)
            {
                path = path.Replace("{" + name + "}", value.Encoded, StringComparison.Ordinal);
            }

            return (path, string.Join(',', values.Select(v => $"{v.Name}={v.Value.Family}")));
        });
    }

    private static Gen<(string Query, string Family)> Query(ApiOperation op, FuzzWorld world, bool validOnly)
    {
        var parameters = op.InQuery.Select(p =>
        {
            var name = Uri.EscapeDataString(p.Name);
            var present = Values(p, world, validOnly).Select(v => ((string?)$"{name}={v.Encoded}", $"{p.Name}={v.Family}"));
            return validOnly
                ? FuzzValues.Weighted((p.Required ? 0 : 50, Gen.Const<(string?, string)>((null, ""))), (50, present))
                : FuzzValues.Weighted(
                    (p.Required ? 10 : 43, Gen.Const<(string?, string)>((null, ""))),
                    (p.Required ? 88 : 55, present),
                    (2, Gen.Const<(string?, string)>((name, $"{p.Name}=bare"))));
        }).ToList();

        var extra = validOnly
            ? Gen.Const<(string?, string)>((null, ""))
            : FuzzValues.Weighted(
                (78, Gen.Const<(string?, string)>((null, ""))),
                (12, Gen.OneOf(s_undeclaredParameters).Select(e => ((string?)e, "undeclared-parameter"))),
                (10, parameters.Count == 0
                    ? Gen.Const<(string?, string)>((null, ""))
                    : FuzzValues.Sequence(parameters).Select(values => ((string?)string.Join('&', values.Select(v => v.Item1).Where(v => v is not null)), "repeated-parameters"))));

        return FuzzValues.Sequence(parameters).Select(extra, Gen.Int[0, 40], (values, more, style) =>
        {
            var pairs = values.Append(more).Where(v => !string.IsNullOrEmpty(v.Item1)).Select(v => v.Item1!).ToList();
            var family = string.Join(',', values.Append(more).Select(v => v.Item2).Where(f => f.Length > 0));
            var query = pairs.Count == 0 ? (style == 0 ? "?" : "") : "?" + string.Join('&', style == 1 ? pairs.AsEnumerable().Reverse() : pairs);
            return (query, family);
        });
    }

    /// <summary>Declared header parameters (e.g. If-None-Match), as a client can send them: printable ASCII only.</summary>
    private static Gen<(IReadOnlyList<KeyValuePair<string, string>> Headers, string Family)> Headers(ApiOperation op, FuzzWorld world, bool validOnly)
    {
        var headers = op.Parameters.Where(p => p.In == "header").Select(p =>
        {
            var values = p.Name.Equals("If-None-Match", StringComparison.OrdinalIgnoreCase)
                ? FuzzValues.Weighted(
                    (30, Gen.OneOf([.. world.ETags, "*", "\"0\"", "W/\"0\"", .. world.ETags.Select(e => "W/" + e), .. world.ETags.Select(e => e + ", \"x\"")])
                        .Select(v => new UrlValue(v, false, "etag"))),
                    (validOnly ? 0 : 20, FuzzValues.ForString(p.Schema, [], validOnly)))
                : FuzzValues.ForString(p.Schema, [], validOnly);
            return FuzzValues.Weighted(
                (50, Gen.Const<(KeyValuePair<string, string>?, string)>((null, ""))),
                (50, values.Select(v => ((KeyValuePair<string, string>?)new KeyValuePair<string, string>(p.Name, Printable(v.Text)), $"{p.Name}={v.Family}"))));
        });

        return FuzzValues.Sequence(headers).Select(values => (
            (IReadOnlyList<KeyValuePair<string, string>>)values.Where(v => v.Item1 is not null).Select(v => v.Item1!.Value).ToList(),
            string.Join(',', values.Select(v => v.Item2).Where(f => f.Length > 0))));
    }

    private static Gen<UrlValue> Values(ApiParameter parameter, FuzzWorld world, bool validOnly)
    {
        var type = parameter.Schema.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type != "integer")
        {
            if (parameter.Name == "cursor")
            {
                // Forged cursors match the declared pattern too, so they belong to the valid values as well.
                var cursors = FuzzValues.ForString(parameter.Schema, world.Cursors, validOnly);
                return world.CursorLists.Count == 0
                    ? cursors
                    : FuzzValues.Weighted((70, cursors), (30, FuzzValues.ForgedCursors(world.CursorLists)));
            }

            return FuzzValues.ForString(parameter.Schema, [], validOnly);
        }

        IReadOnlyList<int> known = parameter.Name switch
        {
            "user_id" => world.UserIds,
            "movie_id" => world.MovieIds,
            "genre" => [.. Enumerable.Range(1, 15)],
            "page" => [1, 2, 3],
            "page_size" => [1, 5, 20, 100],
            _ => [],
        };
        return FuzzValues.ForInteger(parameter.Schema, known, validOnly);
    }

    /// <summary>What survives the wire in a header: Kestrel refuses control and non-ASCII characters before the app.</summary>
    private static string Printable(string value) => new([.. value.Select(c => c is >= ' ' and <= '~' ? c : '?')]);
}
