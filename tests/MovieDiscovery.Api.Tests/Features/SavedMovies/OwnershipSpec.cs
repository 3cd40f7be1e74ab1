namespace MovieDiscovery.Api.Tests.Features.SavedMovies;

/// <summary>Every user route, tried with someone else's token, an admin's, and no token.</summary>
public abstract class OwnershipSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    private const int MissingUser = 999_999;

    public static TheoryData<string, string> UserRoutes() => new()
    {
        { "GET", "/v1/users/{0}/saved-movies?country=US" },
        { "POST", "/v1/users/{0}/saved-movies" },
        { "GET", "/v1/users/{0}/saved-movies/1" },
        { "DELETE", "/v1/users/{0}/saved-movies/1" },
    };

    [Theory]
    [MemberData(nameof(UserRoutes))]
    public async Task Another_users_token_is_403_FORBIDDEN(string method, string route)
    {
        var owner = await Factory.CreateUserAsync();
        var intruder = await Factory.CreateUserAsync();

        using var response = await SendAsync(Factory.ClientFor(intruder), method, string.Format(System.Globalization.CultureInfo.InvariantCulture, route, owner.Id));

        await response.ShouldFail(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Theory]
    [MemberData(nameof(UserRoutes))]
    public async Task A_user_id_that_does_not_exist_is_403_for_a_user_so_ids_cannot_be_probed(string method, string route)
    {
        var user = await Factory.CreateUserAsync();

        using var response = await SendAsync(Factory.ClientFor(user), method, string.Format(System.Globalization.CultureInfo.InvariantCulture, route, MissingUser));

        await response.ShouldFail(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Theory]
    [MemberData(nameof(UserRoutes))]
    public async Task A_user_id_that_does_not_exist_is_404_USER_NOT_FOUND_for_an_admin(string method, string route)
    {
        var admin = await Factory.CreateUserAsync("admin");

        using var response = await SendAsync(Factory.ClientFor(admin), method, string.Format(System.Globalization.CultureInfo.InvariantCulture, route, MissingUser));

        await response.ShouldFail(HttpStatusCode.NotFound, "USER_NOT_FOUND");
    }

    [Theory]
    [MemberData(nameof(UserRoutes))]
    public async Task No_token_is_401(string method, string route)
    {
        var owner = await Factory.CreateUserAsync();

        using var response = await SendAsync(Client, method, string.Format(System.Globalization.CultureInfo.InvariantCulture, route, owner.Id));

        await response.ShouldFail(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task An_admin_may_act_on_any_user()
    {
        var admin = await Factory.CreateUserAsync("admin");
        var user = await Factory.CreateUserAsync();
        var movieId = (await Factory.AvailableInAsync("US"))[0];
        var client = Factory.ClientFor(admin);

        using var saved = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "US" });
        using var listed = await client.GetAsync($"/v1/users/{user.Id}/saved-movies?country=US");
        using var removed = await client.DeleteAsync($"/v1/users/{user.Id}/saved-movies/{movieId}");

        await saved.ShouldBe(HttpStatusCode.Created);
        Assert.Equal([movieId], (await listed.ShouldBe(HttpStatusCode.OK)).Ids());
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("1e3")]
    public async Task A_user_id_that_is_not_a_positive_integer_is_400(string userId)
    {
        var user = await Factory.CreateUserAsync();

        using var response = await Factory.ClientFor(user).GetAsync($"/v1/users/{userId}/saved-movies?country=US");

        var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(details.TryGetProperty("user_id", out _));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url) => method switch
    {
        "POST" => client.PostAsJsonAsync(url, new { movie_id = 1, country = "US" }),
        "DELETE" => client.DeleteAsync(url),
        _ => client.GetAsync(url),
    };
}

public sealed class OwnershipOnSqlite(SqliteApiFactory factory) : OwnershipSpec<SqliteApiFactory>(factory);

public sealed class OwnershipOnPostgres(PostgresApiFactory factory) : OwnershipSpec<PostgresApiFactory>(factory);
