using System.Text;
using MovieDiscovery.Api.Tests.Fuzzing;

namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>
/// SQL metacharacters in every string a client controls (query values, path ids, the credential,
/// the save body) are data, not SQL: each request is refused with 400 or answered as usual, never
/// with a 5xx, never logs anyone in, and no table changes.
/// </summary>
public abstract class SqlInjectionSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    public static TheoryData<string> Payloads() => [.. FuzzValues.SqlInjection];

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task Sql_metacharacters_in_any_string_parameter_are_harmless(string payload)
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        var movieId = (await Factory.AvailableInAsync("US"))[0];
        using (var saved = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "US" }))
        {
            await saved.ShouldBe(HttpStatusCode.Created);
        }

        var before = await DataSnapshot.TakeAsync(Factory);
        var p = Uri.EscapeDataString(payload);
        var saves = $"/v1/users/{user.Id}/saved-movies";

        (string Method, string Url, object? Body, int[] Allowed)[] requests =
        [
            ("GET", $"/v1/movies?country={p}", null, [400]),
            ("GET", $"/v1/movies?country=US&sort={p}", null, [400]),
            ("GET", $"/v1/movies?country=US&genre={p}", null, [400]),
            ("GET", $"/v1/movies?country=US&page={p}", null, [400]),
            ("GET", $"/v1/movies?country=US&page_size={p}", null, [400]),
            ("GET", $"/v1/movies?country=US&cursor={p}", null, [400, 200]),
            ("GET", $"/v1/movies?country=US&{p}=1", null, [200]),
            ("GET", $"/v1/genres?page={p}&page_size={p}", null, [400]),
            ("GET", $"/v1/countries?page={p}", null, [400]),
            ("GET", $"/v1/movies/{p}", null, [400]),
            ("GET", $"{saves}?country={p}", null, [400]),
            ("GET", $"{saves}?country=US&sort={p}", null, [400]),
            ("GET", $"{saves}?country=US&cursor={p}", null, [400, 200]),
            ("GET", $"{saves}?country=US&page_size={p}", null, [400]),
            ("GET", $"/v1/users/{p}/saved-movies?country=US", null, [400]),
            ("GET", $"{saves}/{p}", null, [400]),
            ("DELETE", $"{saves}/{p}", null, [400]),
            ("DELETE", $"/v1/users/{p}/saved-movies/{movieId}", null, [400]),
            ("POST", saves, new { movie_id = movieId + 1, country = payload }, [400]),
            ("POST", saves, new { movie_id = payload, country = "US" }, [400]),
            ("POST", $"/v1/users/{p}/saved-movies", new { movie_id = movieId + 1, country = "US" }, [400]),
            ("POST", "/v1/auth/token", new { email = payload, password = "anything" }, [400, 401]),
            ("POST", "/v1/auth/token", new { email = user.Email, password = payload }, [400, 401]),
        ];

        foreach (var (method, url, body, allowed) in requests)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (body is not null)
            {
                request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);

            var text = await response.Content.ReadAsStringAsync();
            Assert.True(allowed.Contains((int)response.StatusCode), $"{method} {url} {JsonSerializer.Serialize(body)} answered {(int)response.StatusCode}, expected {string.Join(" or ", allowed)}: {text}");
            await response.ShouldBe(response.StatusCode);
        }

        Assert.Equal(before, await DataSnapshot.TakeAsync(Factory));
        Assert.Equal([movieId], await DataSnapshot.SavedByAsync(Factory, user.Id));
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task Sql_metacharacters_in_the_credential_never_sign_anyone_in(string payload)
    {
        foreach (var (email, password) in new[] { ("alice@example.com", payload), ("admin@example.com" + payload, "admin-password"), (payload, payload) })
        {
            using var response = await Client.PostAsJsonAsync("/v1/auth/token", new { email, password });

            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.True((int)response.StatusCode < 500, $"{email} / {password}: {(int)response.StatusCode}");
        }
    }
}

public sealed class SqlInjectionOnSqlite(SqliteApiFactory factory) : SqlInjectionSpec<SqliteApiFactory>(factory);

public sealed class SqlInjectionOnPostgres(PostgresApiFactory factory) : SqlInjectionSpec<PostgresApiFactory>(factory);
