namespace MovieDiscovery.Api.Tests.Features.SavedMovies;

public abstract class SavedMovieListSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Lists_only_saved_movies_available_in_the_country()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        var inBoth = (await Factory.AvailableInAsync("US")).Intersect(await Factory.AvailableInAsync("JP")).Take(2).ToList();
        var usOnly = (await Factory.AvailableInAsync("US")).Except(await Factory.AvailableInAsync("JP")).Take(2).ToList();
        foreach (var id in inBoth.Concat(usOnly))
        {
            using var saved = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = id, country = "US" });
            await saved.ShouldBe(HttpStatusCode.Created);
        }

        var us = await GetAsync(client, $"/v1/users/{user.Id}/saved-movies?country=US");
        var jp = await GetAsync(client, $"/v1/users/{user.Id}/saved-movies?country=jp");
        var fr = await GetAsync(client, $"/v1/users/{user.Id}/saved-movies?country=FR");

        Assert.Equal(inBoth.Concat(usOnly).Order(), us.Ids().Order());
        Assert.Equal(4, us.GetProperty("total").GetInt32());
        Assert.Equal(inBoth.Order(), jp.Ids().Order());
        Assert.Equal(2, jp.GetProperty("total").GetInt32());
        Assert.Empty(fr.Ids());
    }

    [Fact]
    public async Task Orders_by_date_added_newest_first_by_default_and_oldest_first_on_request()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        var ids = (await Factory.AvailableInAsync("US")).Skip(10).Take(4).ToList();
        foreach (var id in ids)
        {
            using var saved = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = id, country = "US" });
            await saved.ShouldBe(HttpStatusCode.Created);
            await Task.Delay(5);
        }

        var newest = await GetAsync(client, $"/v1/users/{user.Id}/saved-movies?country=US");
        var oldest = await GetAsync(client, $"/v1/users/{user.Id}/saved-movies?country=US&sort=date_added");

        Assert.Equal(ids.AsEnumerable().Reverse(), newest.Ids());
        Assert.Equal(ids, oldest.Ids());
        var item = newest.GetProperty("data")[0];
        foreach (var field in new[] { "id", "title", "year", "date_added" })
        {
            Assert.True(item.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Pages_with_an_exact_total_and_an_empty_page_past_the_end()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        foreach (var id in (await Factory.AvailableInAsync("DE")).Take(5))
        {
            using var saved = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = id, country = "DE" });
            await saved.ShouldBe(HttpStatusCode.Created);
        }

        var first = await GetAsync(client, $"/v1/users/{user.Id}/saved-movies?country=DE&page_size=2");
        var third = await GetAsync(client, $"/v1/users/{user.Id}/saved-movies?country=DE&page=3&page_size=2");
        var past = await GetAsync(client, $"/v1/users/{user.Id}/saved-movies?country=DE&page=9&page_size=2");

        Assert.Equal(2, first.Ids().Length);
        Assert.Single(third.Ids());
        Assert.Empty(past.Ids());
        Assert.All(new[] { first, third, past }, page => Assert.Equal(5, page.GetProperty("total").GetInt32()));
    }

    [Fact]
    public async Task Is_private_no_store()
    {
        var user = await Factory.CreateUserAsync();

        using var response = await Factory.ClientFor(user).GetAsync($"/v1/users/{user.Id}/saved-movies?country=US");

        await response.ShouldBe(HttpStatusCode.OK);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Theory]
    [InlineData("", "country")]
    [InlineData("country=ZZ", "country")]
    [InlineData("country=US&sort=title", "sort")]
    [InlineData("country=US&page_size=0", "page_size")]
    public async Task Rejects_invalid_parameters(string query, string parameter)
    {
        var user = await Factory.CreateUserAsync();

        using var response = await Factory.ClientFor(user).GetAsync($"/v1/users/{user.Id}/saved-movies?{query}");

        var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(details.TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task Issues_the_same_number_of_queries_whatever_the_page_size()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        foreach (var id in (await Factory.AvailableInAsync("US")).Take(30))
        {
            using var saved = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = id, country = "US" });
            await saved.ShouldBe(HttpStatusCode.Created);
        }

        Factory.Commands.Reset();
        await GetAsync(client, $"/v1/users/{user.Id}/saved-movies?country=US&page_size=1");
        var small = Factory.Commands.Count;
        Factory.Commands.Reset();
        await GetAsync(client, $"/v1/users/{user.Id}/saved-movies?country=US&page_size=30");

        Assert.Equal(small, Factory.Commands.Count);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return await response.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class SavedMovieListOnSqlite(SqliteApiFactory factory) : SavedMovieListSpec<SqliteApiFactory>(factory);

public sealed class SavedMovieListOnPostgres(PostgresApiFactory factory) : SavedMovieListSpec<PostgresApiFactory>(factory);
