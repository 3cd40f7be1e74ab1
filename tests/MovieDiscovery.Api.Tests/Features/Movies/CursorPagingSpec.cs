namespace MovieDiscovery.Api.Tests.Features.Movies;

/// <summary>Keyset cursors beside page numbers: the same items in the same order, constant time at any depth.</summary>
public abstract class CursorPagingSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [InlineData("country=US")]
    [InlineData("country=gb&sort=year")]
    [InlineData("country=US&genre=6&sort=-year")]
    public async Task Following_next_cursor_walks_the_same_items_as_the_page_numbers(string filters)
    {
        var byNumber = new List<int>();
        for (var page = 1; ; page++)
        {
            var ids = (await GetJsonAsync($"/v1/movies?{filters}&page={page}&page_size=7")).Ids();
            if (ids.Length == 0)
            {
                break;
            }

            byNumber.AddRange(ids);
        }

        var byCursor = new List<int>();
        var json = await GetJsonAsync($"/v1/movies?{filters}&page_size=7");
        var expectedPage = 1;
        while (true)
        {
            Assert.Equal(expectedPage++, json.GetProperty("page").GetInt32());
            byCursor.AddRange(json.Ids());
            if (json.GetProperty("next_cursor").GetString() is not { } cursor)
            {
                break;
            }

            json = await GetJsonAsync($"/v1/movies?{filters}&cursor={cursor}");
        }

        Assert.Equal(byNumber, byCursor);
    }

    [Fact]
    public async Task The_last_page_has_no_next_cursor()
    {
        var total = (await GetJsonAsync("/v1/movies?country=JP")).GetProperty("total").GetInt32();

        var last = await GetJsonAsync($"/v1/movies?country=JP&page={(total + 9) / 10}&page_size=10");

        Assert.Equal(JsonValueKind.Null, last.GetProperty("next_cursor").ValueKind);
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("YWJj")]
    [InlineData("!!!")]
    public async Task A_malformed_cursor_is_400_naming_it(string cursor)
    {
        using var response = await Client.GetAsync($"/v1/movies?country=US&cursor={cursor}");

        var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(details.TryGetProperty("cursor", out _));
    }

    [Theory]
    [InlineData("country=BR")]
    [InlineData("country=US&sort=year")]
    [InlineData("country=US&genre=2")]
    [InlineData("country=US&page_size=5")]
    [InlineData("country=US&page=2")]
    public async Task A_cursor_cannot_continue_another_list(string otherList)
    {
        var cursor = (await GetJsonAsync("/v1/movies?country=US&page_size=10")).GetProperty("next_cursor").GetString();

        using var response = await Client.GetAsync($"/v1/movies?{otherList}&cursor={cursor}");

        await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Theory]
    [InlineData("")]
    [InlineData("&sort=date_added")]
    public async Task The_saved_list_pages_by_cursor_too(string sort)
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        foreach (var id in (await Factory.AvailableInAsync("US")).Take(7))
        {
            using var saved = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = id, country = "US" });
            await saved.ShouldBe(HttpStatusCode.Created);
        }

        var all = await ReadAsync(client, $"/v1/users/{user.Id}/saved-movies?country=US&page_size=100{sort}");
        var walked = new List<int>();
        var url = $"/v1/users/{user.Id}/saved-movies?country=US&page_size=3{sort}";
        while (true)
        {
            var page = await ReadAsync(client, url);
            walked.AddRange(page.Ids());
            if (page.GetProperty("next_cursor").GetString() is not { } cursor)
            {
                break;
            }

            url = $"/v1/users/{user.Id}/saved-movies?country=US&cursor={cursor}{sort}";
        }

        Assert.Equal(all.Ids(), walked);
        Assert.Equal(7, walked.Count);
    }

    private static async Task<JsonElement> ReadAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return await response.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class CursorPagingOnSqlite(SqliteApiFactory factory) : CursorPagingSpec<SqliteApiFactory>(factory);

public sealed class CursorPagingOnPostgres(PostgresApiFactory factory) : CursorPagingSpec<PostgresApiFactory>(factory);
