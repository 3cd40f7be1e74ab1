namespace MovieDiscovery.Api.Tests.Features.SavedMovies;

public abstract class SaveMovieSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Saves_a_movie_with_201_Location_and_the_detail_plus_date_added()
    {
        var user = await Factory.CreateUserAsync();
        var movieId = (await Factory.AvailableInAsync("BR"))[3];
        var before = DateTime.UtcNow.AddSeconds(-5);

        using var response = await Factory.ClientFor(user).PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "br" });

        var body = await response.ShouldBe(HttpStatusCode.Created);
        Assert.Equal($"/v1/users/{user.Id}/saved-movies/{movieId}", response.Headers.Location?.ToString());
        Assert.Equal(movieId, body.GetProperty("id").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
        Assert.True(body.GetProperty("genres").GetArrayLength() > 0);
        Assert.Contains("BR", body.GetProperty("countries").EnumerateArray().Select(c => c.GetString()));
        var added = body.GetProperty("date_added").GetDateTime();
        Assert.Equal(DateTimeKind.Utc, added.Kind);
        Assert.InRange(added, before, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal(1, await Factory.SavedRowsAsync(user.Id, movieId));
    }

    [Fact]
    public async Task The_Location_answers_with_the_saved_movie()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        var movieId = (await Factory.AvailableInAsync("US"))[0];
        using var saved = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "US" });
        var created = await saved.ShouldBe(HttpStatusCode.Created);

        using var response = await client.GetAsync(saved.Headers.Location);

        var body = await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(movieId, body.GetProperty("id").GetInt32());
        Assert.Equal(created.GetProperty("date_added").GetDateTime(), body.GetProperty("date_added").GetDateTime());
    }

    [Fact]
    public async Task A_second_save_of_the_same_movie_is_409_DUPLICATE_SAVE()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        var movieId = (await Factory.AvailableInAsync("US"))[1];
        using var first = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "US" });
        await first.ShouldBe(HttpStatusCode.Created);

        using var second = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "US" });

        await second.ShouldFail(HttpStatusCode.Conflict, "DUPLICATE_SAVE");
        Assert.Equal(1, await Factory.SavedRowsAsync(user.Id, movieId));
    }

    [Fact]
    public async Task A_movie_unavailable_in_the_country_is_422_UNAVAILABLE_IN_COUNTRY_naming_where_it_is_available()
    {
        var user = await Factory.CreateUserAsync();
        var movieId = (await Factory.UnavailableInAsync("JP"))[0];
        var elsewhere = await Factory.CountriesOfAsync(movieId);

        using var response = await Factory.ClientFor(user).PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "JP" });

        var details = await response.ShouldFail(HttpStatusCode.UnprocessableEntity, "UNAVAILABLE_IN_COUNTRY");
        Assert.Equal("JP", details.GetProperty("country").GetString());
        Assert.Equal(elsewhere.Order(StringComparer.Ordinal), details.GetProperty("available_in").EnumerateArray().Select(c => c.GetString()!));
        Assert.NotEmpty(elsewhere);
        Assert.Equal(0, await Factory.SavedRowsAsync(user.Id, movieId));
    }

    [Fact]
    public async Task A_movie_available_nowhere_is_422_with_an_empty_available_in()
    {
        var user = await Factory.CreateUserAsync();
        var movieId = await Factory.ChangeCatalogueAsync(async db =>
        {
            var movie = new MovieDiscovery.Api.Data.Entities.Movie { Title = "Spec film available nowhere", Year = 2020 };
            db.Movies.Add(movie);
            await db.SaveChangesAsync();
            return movie.Id;
        });

        using var response = await Factory.ClientFor(user).PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "US" });

        var details = await response.ShouldFail(HttpStatusCode.UnprocessableEntity, "UNAVAILABLE_IN_COUNTRY");
        Assert.Equal(0, details.GetProperty("available_in").GetArrayLength());
    }

    [Fact]
    public async Task A_valid_country_without_a_catalogue_is_422()
    {
        var user = await Factory.CreateUserAsync();

        using var response = await Factory.ClientFor(user).PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = 1, country = "FR" });

        await response.ShouldFail(HttpStatusCode.UnprocessableEntity, "UNAVAILABLE_IN_COUNTRY");
    }

    [Fact]
    public async Task An_unknown_movie_is_404_MOVIE_NOT_FOUND()
    {
        var user = await Factory.CreateUserAsync();

        using var response = await Factory.ClientFor(user).PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = 987654, country = "US" });

        await response.ShouldFail(HttpStatusCode.NotFound, "MOVIE_NOT_FOUND");
    }

    [Fact]
    public async Task Checks_in_order_404_before_422_before_409()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        var onlyElsewhere = (await Factory.UnavailableInAsync("JP")).Intersect(await Factory.AvailableInAsync("US")).First();
        using var saved = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = onlyElsewhere, country = "US" });
        await saved.ShouldBe(HttpStatusCode.Created);

        // Already saved, but unavailable in JP: 422 wins over 409.
        using var unavailable = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = onlyElsewhere, country = "JP" });
        await unavailable.ShouldFail(HttpStatusCode.UnprocessableEntity, "UNAVAILABLE_IN_COUNTRY");

        // Unknown movie and a country without catalogue: 404 wins over 422.
        using var unknown = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = 987654, country = "FR" });
        await unknown.ShouldFail(HttpStatusCode.NotFound, "MOVIE_NOT_FOUND");
    }

    [Fact]
    public async Task Validation_comes_before_ownership()
    {
        var owner = await Factory.CreateUserAsync();
        var other = await Factory.CreateUserAsync();

        using var response = await Factory.ClientFor(other).PostAsJsonAsync($"/v1/users/{owner.Id}/saved-movies", new { movie_id = 0, country = "XX" });

        var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(details.TryGetProperty("movie_id", out _));
        Assert.True(details.TryGetProperty("country", out _));
    }

    [Theory]
    [InlineData("""{"movie_id":"1","country":"US"}""", "body")]
    [InlineData("""{"movie_id":1.5,"country":"US"}""", "body")]
    [InlineData("""{"movie_id":99999999999,"country":"US"}""", "body")]
    [InlineData("""{"country":"US"}""", "body")]
    [InlineData("""{"movie_id":1}""", "body")]
    [InlineData("""{"movie_id":1,"country":null}""", "body")]
    [InlineData("""{"movie_id":1,"country":"US","user_id":2}""", "body")]
    [InlineData("""{"movie_id":1,"country":"US","date_added":"2020-01-01T00:00:00Z"}""", "body")]
    [InlineData("""{"movie_id":-1,"country":"US"}""", "movie_id")]
    [InlineData("""{"movie_id":1,"country":"USA"}""", "country")]
    [InlineData("""{"movie_id":1,"country":""}""", "country")]
    [InlineData("""not json""", "body")]
    [InlineData("", "body")]
    public async Task Rejects_an_invalid_body_with_400_and_saves_nothing(string json, string parameter)
    {
        var user = await Factory.CreateUserAsync();
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await Factory.ClientFor(user).PostAsync($"/v1/users/{user.Id}/saved-movies", content);

        var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(parameter == "body" || details.TryGetProperty(parameter, out _), details.ToString());
        Assert.Equal(0, await Factory.SavedRowsAsync(user.Id, 1) + await Factory.SavedRowsAsync(user.Id, 2));
    }

    [Fact]
    public async Task Rejects_a_body_over_the_size_limit_with_413()
    {
        var user = await Factory.CreateUserAsync();
        var json = $$"""{"movie_id":1,"country":"US","pad":"{{new string('x', 40_000)}}"}""";
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await Factory.ClientFor(user).PostAsync($"/v1/users/{user.Id}/saved-movies", content);

        await response.ShouldFail(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task Twenty_simultaneous_saves_give_one_201_nineteen_409_and_one_row()
    {
        var user = await Factory.CreateUserAsync();
        var movieId = (await Factory.AvailableInAsync("GB"))[5];
        using var start = new SemaphoreSlim(0);
        var requests = Enumerable.Range(0, 20).Select(async _ =>
        {
            var client = Factory.ClientFor(user);
            await start.WaitAsync();
            using var response = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "GB" });
            return response.StatusCode;
        }).ToList();

        start.Release(20);
        var statuses = await Task.WhenAll(requests);

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(19, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(1, await Factory.SavedRowsAsync(user.Id, movieId));
    }
}

public sealed class SaveMovieOnSqlite(SqliteApiFactory factory) : SaveMovieSpec<SqliteApiFactory>(factory);

public sealed class SaveMovieOnPostgres(PostgresApiFactory factory) : SaveMovieSpec<PostgresApiFactory>(factory);
