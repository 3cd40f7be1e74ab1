namespace MovieDiscovery.Api.Tests.Features.Genres;

public abstract class GenreListSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Lists_genres_ordered_by_name()
    {
        var page = await GetJsonAsync("/v1/genres?page_size=100");

        var names = page.GetProperty("data").EnumerateArray().Select(g => g.GetProperty("name").GetString()!).ToList();
        Assert.InRange(names.Count, 10, 15);
        Assert.Equal(names.Count, page.GetProperty("total").GetInt32());
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), names);
    }

    [Fact]
    public async Task Pages_through_genres()
    {
        var all = (await GetJsonAsync("/v1/genres?page_size=100")).Ids();

        var first = await GetJsonAsync("/v1/genres?page=1&page_size=5");
        var second = await GetJsonAsync("/v1/genres?page=2&page_size=5");

        Assert.Equal(all.Take(10), first.Ids().Concat(second.Ids()));
        Assert.Equal(all.Length, second.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Rejects_a_page_size_over_100()
    {
        using var response = await Client.GetAsync("/v1/genres?page_size=101");

        await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }
}

public sealed class GenreListOnSqlite(SqliteApiFactory factory) : GenreListSpec<SqliteApiFactory>(factory);

public sealed class GenreListOnPostgres(PostgresApiFactory factory) : GenreListSpec<PostgresApiFactory>(factory);
