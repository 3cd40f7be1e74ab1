using System.Text;

namespace MovieDiscovery.Api.Tests.Features.OpenApi;

/// <summary>
/// The document's links let a client walk the API as a stateful tester does: each step below is chosen by a
/// link of the served document (its operation id and runtime expressions), never by a URL written here.
/// </summary>
public abstract class LinksSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Country_then_movies_then_a_movie_then_save_then_read_and_remove_follow_links()
    {
        var user = await Factory.CreateUserAsync();
        var walk = new Walker(await Document(), Factory.ClientFor(user));

        var countries = await walk.StartAsync("ListCountries", new() { ["page_size"] = "100" });
        var movies = await walk.FollowAsync(countries, "MoviesOfFirstCountry");
        Assert.NotEmpty(movies.Body.GetProperty("data").EnumerateArray());
        var movie = await walk.FollowAsync(movies, "FirstMovie");
        var saved = await walk.FollowAsync(movie, "SaveMovie", new() { ["user_id"] = $"{user.Id}" });
        Assert.Equal(201, saved.Status);
        Assert.Equal(movie.Body.GetProperty("id").GetInt32(), saved.Body.GetProperty("id").GetInt32());
        var read = await walk.FollowAsync(saved, "SavedMovie");
        Assert.Equal(200, read.Status);
        var removed = await walk.FollowAsync(saved, "RemoveSavedMovie");
        Assert.Equal(204, removed.Status);
        var gone = await walk.FollowAsync(saved, "SavedMovie", expected: 404);
        Assert.Equal("NOT_SAVED", gone.Body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Next_page_links_walk_a_list_to_its_end_without_overlap_or_gap()
    {
        var walk = new Walker(await Document(), Client);
        var page = await walk.StartAsync("ListMovies", new() { ["country"] = "US", ["page_size"] = "7", ["sort"] = "year" });
        var total = page.Body.GetProperty("total").GetInt32();
        var ids = new List<int>(page.Body.Ids());

        while (page.Body.GetProperty("next_cursor").ValueKind != JsonValueKind.Null)
        {
            page = await walk.FollowAsync(page, "NextPage");
            ids.AddRange(page.Body.Ids());
        }

        Assert.True(total > 7, $"US has only {total} movies");
        Assert.Equal(total, ids.Count);
        Assert.Equal(total, ids.Distinct().Count());
        using var all = await Client.GetAsync("/v1/movies?country=US&sort=year&page_size=100");
        Assert.Equal((await all.ShouldBe(HttpStatusCode.OK)).Ids(), ids.Take(100));
    }

    private async Task<JsonElement> Document() =>
        JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json")).RootElement.Clone();

    /// <summary>One answer, and the request that got it (its path and query values, for <c>$request.…</c> expressions).</summary>
    private sealed record Step(JsonElement Operation, int Status, JsonElement Body, Dictionary<string, string> Path, Dictionary<string, string> Query);

    /// <summary>Calls operations by id and follows their links, evaluating the OpenAPI runtime expressions it meets.</summary>
    private sealed class Walker(JsonElement document, HttpClient client)
    {
        public Task<Step> StartAsync(string operationId, Dictionary<string, string> parameters) => CallAsync(operationId, parameters, null, 200);

        public async Task<Step> FollowAsync(Step from, string linkName, Dictionary<string, string>? extra = null, int? expected = null)
        {
            var status = from.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var link = from.Operation.GetProperty("responses").GetProperty(status).GetProperty("links").GetProperty(linkName);
            var parameters = link.TryGetProperty("parameters", out var declared)
                ? declared.EnumerateObject().Select(p => (p.Name, Value: Evaluate(p.Value.GetString()!, from)))
                    .Where(p => p.Value is not null).ToDictionary(p => p.Name, p => p.Value!)
                : [];
            foreach (var (name, value) in extra ?? [])
            {
                parameters[name] = value;
            }

            var body = link.TryGetProperty("requestBody", out var template) ? Fill(template, from) : null;
            return await CallAsync(link.GetProperty("operationId").GetString()!, parameters, body, expected);
        }

        private async Task<Step> CallAsync(string operationId, Dictionary<string, string> parameters, string? body, int? expected)
        {
            var (path, method, operation) = document.GetProperty("paths").EnumerateObject()
                .SelectMany(p => p.Value.EnumerateObject().Select(op => (Path: p.Name, Method: op.Name, Operation: op.Value)))
                .Single(op => op.Operation.GetProperty("operationId").GetString() == operationId);
            var declared = operation.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
            var inPath = declared.Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!)
                .ToDictionary(name => name, name => parameters[name]);
            var inQuery = declared.Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!)
                .Where(parameters.ContainsKey).ToDictionary(name => name, name => parameters[name]);
            var url = inPath.Aggregate(path, (url, p) => url.Replace($"{{{p.Key}}}", Uri.EscapeDataString(p.Value), StringComparison.Ordinal))
                + (inQuery.Count > 0 ? "?" + string.Join('&', inQuery.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}")) : "");
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            Assert.True(expected is null ? status < 300 : status == expected, $"{operationId} {url}: {status} {text}");
            return new Step(operation, status, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default, inPath, inQuery);
        }

        /// <summary><c>$response.body#/json/pointer</c>, <c>$request.path.name</c>, <c>$request.query.name</c>; null when absent.</summary>
        private static string? Evaluate(string expression, Step from)
        {
            if (expression.StartsWith("$request.path.", StringComparison.Ordinal))
            {
                return from.Path.GetValueOrDefault(expression["$request.path.".Length..]);
            }

            if (expression.StartsWith("$request.query.", StringComparison.Ordinal))
            {
                return from.Query.GetValueOrDefault(expression["$request.query.".Length..]);
            }

            Assert.StartsWith("$response.body#/", expression, StringComparison.Ordinal);
            var value = from.Body;
            foreach (var segment in expression["$response.body#/".Length..].Split('/'))
            {
                value = value.ValueKind == JsonValueKind.Array ? value[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)] : value.GetProperty(segment);
            }

            return value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => value.GetString(),
                _ => value.GetRawText(),
            };
        }

        /// <summary>A request body template: each string that is an expression is replaced by its value (a number stays a number).</summary>
        private static string Fill(JsonElement template, Step from) => "{" + string.Join(',', template.EnumerateObject().Select(member =>
        {
            var text = member.Value.GetString()!;
            var value = text.StartsWith('$') ? Evaluate(text, from) : text;
            var json = int.TryParse(value, out _) ? value : JsonSerializer.Serialize(value);
            return $"{JsonSerializer.Serialize(member.Name)}:{json}";
        })) + "}";
    }
}

public sealed class LinksOnSqlite(SqliteApiFactory factory) : LinksSpec<SqliteApiFactory>(factory);

public sealed class LinksOnPostgres(PostgresApiFactory factory) : LinksSpec<PostgresApiFactory>(factory);
