namespace MovieDiscovery.Api.Tests.Features.Movies;

public abstract class MovieDetailSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Returns_a_movie_with_its_genres_cast_and_countries()
    {
        var id = await MovieIdAsync("The Godfather");

        var movie = await GetJsonAsync($"/v1/movies/{id}");

        Assert.Equal(id, movie.GetProperty("id").GetInt32());
        Assert.Equal("The Godfather", movie.GetProperty("title").GetString());
        Assert.Equal(1972, movie.GetProperty("year").GetInt32());
        Assert.Equal(["Crime", "Drama"], movie.GetProperty("genres").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        Assert.Equal(["Marlon Brando", "Al Pacino"], movie.GetProperty("cast").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        var countries = movie.GetProperty("countries").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("US", countries);
        Assert.Equal(countries.Order(StringComparer.Ordinal), countries);
    }

    [Fact]
    public async Task Answers_404_MOVIE_NOT_FOUND_for_an_unknown_id()
    {
        using var response = await Client.GetAsync("/v1/movies/999999");

        var details = await response.ShouldFail(HttpStatusCode.NotFound, "MOVIE_NOT_FOUND");
        Assert.Equal(999999, details.GetProperty("movie_id").GetInt32());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public async Task Answers_400_for_an_id_that_is_not_a_positive_integer(string id)
    {
        using var response = await Client.GetAsync($"/v1/movies/{id}");

        var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(details.TryGetProperty("movie_id", out _));
    }

    private async Task<int> MovieIdAsync(string title)
    {
        var page = await GetJsonAsync("/v1/movies?country=US&sort=year&page_size=100");
        return page.GetProperty("data").EnumerateArray().First(m => m.GetProperty("title").GetString() == title).GetProperty("id").GetInt32();
    }
}

public sealed class MovieDetailOnSqlite(SqliteApiFactory factory) : MovieDetailSpec<SqliteApiFactory>(factory);

public sealed class MovieDetailOnPostgres(PostgresApiFactory factory) : MovieDetailSpec<PostgresApiFactory>(factory);
