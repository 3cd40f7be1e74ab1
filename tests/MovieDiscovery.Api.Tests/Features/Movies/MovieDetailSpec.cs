using MovieDiscovery.Api.Data.Entities;

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

    [Fact]
    public async Task A_movie_without_genres_cast_countries_runtime_or_overview_has_empty_lists_and_nulls()
    {
        var id = await Factory.ChangeCatalogueAsync(async db =>
        {
            var movie = new Movie { Title = "Untitled Short", Year = 2001 };
            db.Movies.Add(movie);
            await db.SaveChangesAsync();
            return movie.Id;
        });

        var movie = await GetJsonAsync($"/v1/movies/{id}");

        Assert.Equal("Untitled Short", movie.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, movie.GetProperty("runtime_minutes").ValueKind);
        Assert.Equal(JsonValueKind.Null, movie.GetProperty("overview").ValueKind);
        Assert.Equal(0, movie.GetProperty("genres").GetArrayLength());
        Assert.Equal(0, movie.GetProperty("cast").GetArrayLength());
        Assert.Equal(0, movie.GetProperty("countries").GetArrayLength());
    }

    [Fact]
    public async Task Lists_at_most_100_cast_members_the_first_billed_first()
    {
        const int castSize = 130;
        var id = await Factory.ChangeCatalogueAsync(async db =>
        {
            var movie = new Movie { Title = "The Epic", Year = 1959 };
            db.Movies.Add(movie);
            // Billed in the reverse order of creation, so ids and billing disagree.
            for (var billing = castSize; billing >= 1; billing--)
            {
                movie.Cast.Add(new CastMember { Actor = new Actor { Name = $"Extra {billing:000}" }, Billing = billing });
            }

            await db.SaveChangesAsync();
            return movie.Id;
        });

        var cast = (await GetJsonAsync($"/v1/movies/{id}")).GetProperty("cast").EnumerateArray()
            .Select(a => a.GetProperty("name").GetString()).ToList();

        Assert.Equal(Enumerable.Range(1, 100).Select(billing => $"Extra {billing:000}"), cast);
    }

    private async Task<int> MovieIdAsync(string title)
    {
        var page = await GetJsonAsync("/v1/movies?country=US&sort=year&page_size=100");
        return page.GetProperty("data").EnumerateArray().First(m => m.GetProperty("title").GetString() == title).GetProperty("id").GetInt32();
    }
}

public sealed class MovieDetailOnSqlite(SqliteApiFactory factory) : MovieDetailSpec<SqliteApiFactory>(factory);

public sealed class MovieDetailOnPostgres(PostgresApiFactory factory) : MovieDetailSpec<PostgresApiFactory>(factory);
