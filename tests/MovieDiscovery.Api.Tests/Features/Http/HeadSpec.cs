namespace MovieDiscovery.Api.Tests.Features.Http;

/// <summary>
/// HEAD wherever GET is served (RFC 9110 §9.3.2): every GET operation of the served document, and the routes
/// outside it, answer HEAD with GET's status and headers and no body.
/// </summary>
public sealed class HeadSpec(SqliteApiFactory factory) : ApiSpec<SqliteApiFactory>(factory)
{
    [Fact]
    public async Task Every_GET_operation_of_the_document_answers_HEAD_like_GET_without_a_body()
    {
        var user = await Factory.CreateUserAsync();
        var movieId = (await Factory.AvailableInAsync("US"))[0];
        using (var saved = await Factory.ClientFor(user).PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "US" }))
        {
            await saved.ShouldBe(HttpStatusCode.Created);
        }

        using var document = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json"));
        var targets = document.RootElement.GetProperty("paths").EnumerateObject()
            .Where(path => path.Value.TryGetProperty("get", out _))
            .Select(path => path.Name.Replace("{user_id}", $"{user.Id}", StringComparison.Ordinal)
                .Replace("{movie_id}", $"{movieId}", StringComparison.Ordinal) + (path.Name.Contains("saved-movies", StringComparison.Ordinal) || path.Name == "/v1/movies" ? "?country=US" : ""))
            .Concat(["/docs/", "/openapi/v1.yaml", "/v1/nothing", "/v1/movies?country=XX"])
            .ToList();
        Assert.True(targets.Count >= 12, string.Join(", ", targets));

        var client = Factory.ClientFor(user);
        foreach (var target in targets)
        {
            using var get = await client.GetAsync(target);
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, target));

            Assert.True(get.StatusCode == head.StatusCode, $"HEAD {target}: {(int)head.StatusCode}, GET: {(int)get.StatusCode}");
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            Assert.Equal(Comparable(get), Comparable(head));
        }
    }

    [Fact]
    public async Task HEAD_on_a_route_without_GET_is_405_with_its_Allow_header()
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/auth/token"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The headers that must match: all but the date and the remaining quota, which move between two requests.</summary>
    private static string Comparable(HttpResponseMessage response) => string.Join("\n", response.Headers.Concat(response.Content.Headers)
        .Where(h => h.Key is not ("Date" or "RateLimit"))
        .OrderBy(h => h.Key, StringComparer.Ordinal)
        .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"));
}
