using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Infrastructure.Caching;

namespace MovieDiscovery.Api.Tests.Features.Movies;

public abstract class MovieListSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Lists_only_movies_available_in_the_country_with_an_exact_total()
    {
        var expected = await Factory.AvailableInAsync("BR");

        var page = await GetJsonAsync("/v1/movies?country=BR&page_size=100");

        Assert.Equal(expected.Count, page.GetProperty("total").GetInt32());
        Assert.Equal(expected.Order(), page.Ids().Order());
        Assert.True(expected.Count < await MovieCountAsync(), "the seed must leave some films out of BR");
    }

    [Fact]
    public async Task Accepts_a_lower_case_country()
    {
        var upper = await GetJsonAsync("/v1/movies?country=JP");
        var lower = await GetJsonAsync("/v1/movies?country=jp");

        Assert.Equal(upper.Ids(), lower.Ids());
        Assert.Equal(upper.GetProperty("total").GetInt32(), lower.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Filters_by_genre_among_several()
    {
        var drama = await GenreIdAsync("Drama");
        await using var scope = Factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var expected = await db.Movies
            .Where(m => m.Availability.Any(a => a.CountryCode == "US") && m.Genres.Any(g => g.GenreId == drama))
            .Select(m => m.Id).ToListAsync();

        var page = await GetJsonAsync($"/v1/movies?country=US&genre={drama}&page_size=100");

        Assert.Equal(expected.Order(), page.Ids().Order());
        Assert.Equal(expected.Count, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Orders_by_year_descending_by_default_with_ties_by_id()
    {
        var items = (await GetJsonAsync("/v1/movies?country=US&page_size=100")).GetProperty("data").EnumerateArray()
            .Select(m => (Year: m.GetProperty("year").GetInt32(), Id: m.GetProperty("id").GetInt32())).ToList();

        var expected = items.OrderByDescending(m => m.Year).ThenBy(m => m.Id).ToList();
        Assert.Equal(expected, items);
        Assert.Contains(items.GroupBy(m => m.Year), g => g.Count() > 1);
    }

    [Fact]
    public async Task Orders_by_year_ascending_when_asked_with_ties_by_id()
    {
        var items = (await GetJsonAsync("/v1/movies?country=US&sort=year&page_size=100")).GetProperty("data").EnumerateArray()
            .Select(m => (Year: m.GetProperty("year").GetInt32(), Id: m.GetProperty("id").GetInt32())).ToList();

        Assert.Equal(items.OrderBy(m => m.Year).ThenBy(m => m.Id).ToList(), items);
    }

    [Fact]
    public async Task Pages_neither_overlap_nor_skip()
    {
        var whole = (await GetJsonAsync("/v1/movies?country=GB&page_size=100")).Ids()
            .Concat((await GetJsonAsync("/v1/movies?country=GB&page=2&page_size=100")).Ids()).ToList();
        var paged = new List<int>();
        for (var page = 1; ; page++)
        {
            var ids = (await GetJsonAsync($"/v1/movies?country=GB&page={page}&page_size=7")).Ids();
            if (ids.Length == 0)
            {
                break;
            }

            paged.AddRange(ids);
        }

        Assert.Equal(whole, paged);
        Assert.Equal(paged.Count, paged.Distinct().Count());
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_with_the_true_total()
    {
        var total = (await GetJsonAsync("/v1/movies?country=DE")).GetProperty("total").GetInt32();

        var page = await GetJsonAsync("/v1/movies?country=DE&page=1000&page_size=100");

        Assert.Empty(page.GetProperty("data").EnumerateArray());
        Assert.Equal(total, page.GetProperty("total").GetInt32());
        Assert.Equal(1000, page.GetProperty("page").GetInt32());
        Assert.Equal(100, page.GetProperty("page_size").GetInt32());
    }

    [Fact]
    public async Task A_valid_country_without_a_catalogue_is_an_empty_list()
    {
        var page = await GetJsonAsync("/v1/movies?country=FR");

        Assert.Empty(page.GetProperty("data").EnumerateArray());
        Assert.Equal(0, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Uses_the_defaults_page_1_and_page_size_20()
    {
        var page = await GetJsonAsync("/v1/movies?country=US");

        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.Equal(20, page.GetProperty("page_size").GetInt32());
        Assert.Equal(20, page.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Ignores_unknown_query_parameters()
    {
        var page = await GetJsonAsync("/v1/movies?country=US&colour=blue");

        Assert.Equal(20, page.GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("", "country")]
    [InlineData("country=", "country")]
    [InlineData("country=USA", "country")]
    [InlineData("country=U1", "country")]
    [InlineData("country=XX", "country")]
    [InlineData("country=US&page=0", "page")]
    [InlineData("country=US&page=-1", "page")]
    [InlineData("country=US&page=abc", "page")]
    [InlineData("country=US&page=1.5", "page")]
    [InlineData("country=US&page=", "page")]
    [InlineData("country=US&page_size=0", "page_size")]
    [InlineData("country=US&page_size=101", "page_size")]
    [InlineData("country=US&page_size=99999999999", "page_size")]
    [InlineData("country=US&genre=0", "genre")]
    [InlineData("country=US&genre=drama", "genre")]
    [InlineData("country=US&sort=title", "sort")]
    [InlineData("country=US&sort=YEAR", "sort")]
    public async Task Rejects_an_invalid_parameter_naming_it(string query, string parameter)
    {
        using var response = await Client.GetAsync($"/v1/movies?{query}");

        var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(details.TryGetProperty(parameter, out _), $"details should name {parameter}: {details}");
    }

    [Fact]
    public async Task Names_every_bad_parameter_at_once()
    {
        using var response = await Client.GetAsync("/v1/movies?country=XX&page=0&page_size=500&sort=up&genre=x");

        var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        foreach (var name in new[] { "country", "page", "page_size", "sort", "genre" })
        {
            Assert.True(details.TryGetProperty(name, out _), $"details should name {name}: {details}");
        }
    }

    [Fact]
    public async Task Issues_the_same_number_of_queries_whatever_the_page_size()
    {
        // With the response cache empty (PostgreSQL keeps answers until the catalogue changes): the queries themselves.
        var cache = Factory.Services.GetRequiredService<CatalogueResponseCache>();
        await GetJsonAsync("/v1/movies?country=US&page_size=1");
        cache.Invalidate();
        Factory.Commands.Reset();
        await GetJsonAsync("/v1/movies?country=US&page_size=1");
        var small = Factory.Commands.Count;
        cache.Invalidate();
        Factory.Commands.Reset();
        await GetJsonAsync("/v1/movies?country=US&page_size=100");
        var large = Factory.Commands.Count;

        Assert.Equal(small, large);
        Assert.InRange(large, 1, 2);
    }

    private async Task<int> MovieCountAsync()
    {
        await using var scope = Factory.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Movies.CountAsync();
    }

    private async Task<int> GenreIdAsync(string name)
    {
        var genres = await GetJsonAsync("/v1/genres?page_size=100");
        return genres.GetProperty("data").EnumerateArray().Single(g => g.GetProperty("name").GetString() == name).GetProperty("id").GetInt32();
    }
}

public sealed class MovieListOnSqlite(SqliteApiFactory factory) : MovieListSpec<SqliteApiFactory>(factory);

public sealed class MovieListOnPostgres(PostgresApiFactory factory) : MovieListSpec<PostgresApiFactory>(factory);
