using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Tests.Features.Availability;

/// <summary>
/// PUT /v1/movies/{movie_id}/availability/{country}: an admin replaces a pair's windows and every list, total and
/// detail shows it at once; anyone else gets 403; bad windows, countries and movies get 400 and 404.
/// </summary>
public abstract class ReplaceWindowsSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    private const string Country = "GB";

    [Fact]
    public async Task An_admin_makes_a_movie_available_and_the_list_its_total_and_the_detail_show_it_at_once()
    {
        var movieId = (await Factory.UnavailableInAsync(Country))[0];
        var before = await GetJsonAsync($"/v1/movies?country={Country}&page_size=1");
        var until = new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        var stored = await PutAsync(await AdminAsync(), movieId, Country,
            new { windows = new object[] { new { available_from = "2020-01-01T00:00:00+01:00", available_until = "2100-01-01T00:00:00Z" } } },
            HttpStatusCode.OK);

        var window = stored.GetProperty("windows").EnumerateArray().Single();
        Assert.Equal(new DateTime(2019, 12, 31, 23, 0, 0, DateTimeKind.Utc), window.GetProperty("available_from").GetDateTime().ToUniversalTime());
        var after = await GetJsonAsync($"/v1/movies?country={Country}&page_size=1");
        Assert.Equal(before.GetProperty("total").GetInt32() + 1, after.GetProperty("total").GetInt32());
        var detail = await GetJsonAsync($"/v1/movies/{movieId}");
        Assert.Contains(Country, detail.GetProperty("countries").EnumerateArray().Select(c => c.GetString()));
        var shown = detail.GetProperty("availability").EnumerateArray().Single(w => w.GetProperty("country").GetString() == Country);
        Assert.Equal(until, shown.GetProperty("available_until").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task An_empty_list_makes_the_movie_unavailable_there_at_once()
    {
        var movieId = (await Factory.AvailableInAsync(Country))[3];
        var before = await GetJsonAsync($"/v1/movies?country={Country}&page_size=1");

        await PutAsync(await AdminAsync(), movieId, Country, new { windows = Array.Empty<object>() }, HttpStatusCode.OK);

        var after = await GetJsonAsync($"/v1/movies?country={Country}&page_size=1");
        Assert.Equal(before.GetProperty("total").GetInt32() - 1, after.GetProperty("total").GetInt32());
        var detail = await GetJsonAsync($"/v1/movies/{movieId}");
        Assert.DoesNotContain(Country, detail.GetProperty("countries").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task The_same_windows_twice_answer_the_same_and_change_nothing()
    {
        var movieId = (await Factory.AvailableInAsync(Country))[4];
        var admin = await AdminAsync();
        var body = new { windows = new object[] { new { available_until = "2099-06-01T00:00:00Z" }, new { available_from = "2099-07-01T00:00:00Z" } } };

        var first = await PutAsync(admin, movieId, Country, body, HttpStatusCode.OK);
        var second = await PutAsync(admin, movieId, Country, body, HttpStatusCode.OK);

        Assert.Equal(first.GetRawText(), second.GetRawText());
        Assert.Equal(2, second.GetProperty("windows").GetArrayLength());
    }

    [Fact]
    public async Task A_viewer_gets_403_and_no_token_gets_401()
    {
        var movieId = (await Factory.AvailableInAsync(Country))[0];
        var viewer = Factory.ClientFor(await Factory.CreateUserAsync());
        var body = new { windows = Array.Empty<object>() };

        using var forbidden = await viewer.PutAsJsonAsync($"/v1/movies/{movieId}/availability/{Country}", body);
        using var anonymous = await Client.PutAsJsonAsync($"/v1/movies/{movieId}/availability/{Country}", body);

        await forbidden.ShouldFail(HttpStatusCode.Forbidden, "FORBIDDEN");
        await anonymous.ShouldFail(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Contains(movieId, await Factory.AvailableInAsync(Country));
    }

    [Theory]
    [InlineData("""{"windows":[{"available_from":"2030-01-01T00:00:00Z","available_until":"2029-01-01T00:00:00Z"}]}""")]
    [InlineData("""{"windows":[{"available_from":"2030-01-01T00:00:00Z","available_until":"2030-01-01T00:00:00Z"}]}""")]
    [InlineData("""{"windows":[{"available_until":"2030-01-01T00:00:00Z"},{"available_from":"2029-12-31T00:00:00Z"}]}""")]
    [InlineData("""{"windows":[{},{"available_from":"2029-12-31T00:00:00Z"}]}""")]
    [InlineData("""{"windows":[{"available_from":"2030-01-01T00:00:00"}]}""")]
    [InlineData("""{"windows":[{"available_from":"2030-01-01"}]}""")]
    [InlineData("""{}""")]
    public async Task Overlapping_reversed_or_zoneless_windows_are_400(string body)
    {
        var movieId = (await Factory.AvailableInAsync(Country))[1];

        using var response = await (await AdminAsync()).PutAsync($"/v1/movies/{movieId}/availability/{Country}",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Contains(movieId, await Factory.AvailableInAsync(Country));
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("G1")]
    [InlineData("GBR")]
    public async Task A_bad_country_is_400(string country)
    {
        var movieId = (await Factory.AvailableInAsync(Country))[0];

        await PutAsync(await AdminAsync(), movieId, country, new { windows = Array.Empty<object>() }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_movie_is_404()
    {
        using var response = await (await AdminAsync()).PutAsJsonAsync($"/v1/movies/99999999/availability/{Country}",
            new { windows = Array.Empty<object>() });

        await response.ShouldFail(HttpStatusCode.NotFound, "MOVIE_NOT_FOUND");
    }

    [Fact]
    public async Task A_country_new_to_the_catalogue_is_added_with_its_name()
    {
        var movieId = (await Factory.AvailableInAsync(Country))[2];

        await PutAsync(await AdminAsync(), movieId, "is", new { windows = new object[] { new { } } }, HttpStatusCode.OK);

        var list = await GetJsonAsync("/v1/movies?country=IS");
        Assert.Equal([movieId], list.Ids());
        var countries = await GetJsonAsync("/v1/countries?page_size=100");
        Assert.Contains(countries.GetProperty("data").EnumerateArray(), c => c.GetProperty("code").GetString() == "IS"
            && c.GetProperty("name").GetString() == "Iceland");
    }

    private async Task<HttpClient> AdminAsync() => Factory.ClientFor(await Factory.CreateUserAsync(Roles.Admin));

    private static async Task<JsonElement> PutAsync(HttpClient admin, int movieId, string country, object body, HttpStatusCode expected)
    {
        using var response = await admin.PutAsJsonAsync($"/v1/movies/{movieId}/availability/{country}", body);
        return await response.ShouldBe(expected);
    }
}

public sealed class ReplaceWindowsOnSqlite(SqliteApiFactory factory) : ReplaceWindowsSpec<SqliteApiFactory>(factory);

public sealed class ReplaceWindowsOnPostgres(PostgresApiFactory factory) : ReplaceWindowsSpec<PostgresApiFactory>(factory);
