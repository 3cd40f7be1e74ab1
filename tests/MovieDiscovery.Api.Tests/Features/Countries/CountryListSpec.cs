namespace MovieDiscovery.Api.Tests.Features.Countries;

public abstract class CountryListSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Lists_the_countries_with_a_catalogue_ordered_by_code()
    {
        var page = await GetJsonAsync("/v1/countries");

        var codes = page.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToList();
        Assert.Equal(["BR", "DE", "GB", "JP", "US"], codes);
        Assert.Equal(5, page.GetProperty("total").GetInt32());
        Assert.Equal("Brazil", page.GetProperty("data")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Every_country_misses_some_films()
    {
        var all = new HashSet<int>();
        var perCountry = new Dictionary<string, int>();
        foreach (var code in new[] { "BR", "DE", "GB", "JP", "US" })
        {
            var page = await GetJsonAsync($"/v1/movies?country={code}&page_size=100");
            perCountry[code] = page.GetProperty("total").GetInt32();
            for (var p = 1; p <= (perCountry[code] + 99) / 100; p++)
            {
                all.UnionWith((await GetJsonAsync($"/v1/movies?country={code}&page={p}&page_size=100")).Ids());
            }
        }

        Assert.All(perCountry.Values, count => Assert.True(count < all.Count));
        Assert.Equal(perCountry.Count, perCountry.Values.Distinct().Count());
    }
}

public sealed class CountryListOnSqlite(SqliteApiFactory factory) : CountryListSpec<SqliteApiFactory>(factory);

public sealed class CountryListOnPostgres(PostgresApiFactory factory) : CountryListSpec<PostgresApiFactory>(factory);
