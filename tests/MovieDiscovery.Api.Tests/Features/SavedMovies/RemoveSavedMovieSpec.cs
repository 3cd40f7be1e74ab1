namespace MovieDiscovery.Api.Tests.Features.SavedMovies;

public abstract class RemoveSavedMovieSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Removes_a_saved_movie_with_204_then_answers_404_NOT_SAVED()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        var movieId = (await Factory.AvailableInAsync("US"))[2];
        using var saved = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "US" });
        await saved.ShouldBe(HttpStatusCode.Created);

        using var removed = await client.DeleteAsync($"/v1/users/{user.Id}/saved-movies/{movieId}");
        using var again = await client.DeleteAsync($"/v1/users/{user.Id}/saved-movies/{movieId}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Empty(await removed.Content.ReadAsByteArrayAsync());
        await again.ShouldFail(HttpStatusCode.NotFound, "NOT_SAVED");
        Assert.Equal(0, await Factory.SavedRowsAsync(user.Id, movieId));
    }

    [Fact]
    public async Task Removing_a_movie_never_saved_is_404_NOT_SAVED()
    {
        var user = await Factory.CreateUserAsync();

        using var response = await Factory.ClientFor(user).DeleteAsync($"/v1/users/{user.Id}/saved-movies/1");

        await response.ShouldFail(HttpStatusCode.NotFound, "NOT_SAVED");
    }

    [Fact]
    public async Task Removing_touches_only_the_owner_list()
    {
        var alice = await Factory.CreateUserAsync();
        var bob = await Factory.CreateUserAsync();
        var movieId = (await Factory.AvailableInAsync("US"))[4];
        foreach (var user in new[] { alice, bob })
        {
            using var saved = await Factory.ClientFor(user).PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "US" });
            await saved.ShouldBe(HttpStatusCode.Created);
        }

        using var removed = await Factory.ClientFor(alice).DeleteAsync($"/v1/users/{alice.Id}/saved-movies/{movieId}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(1, await Factory.SavedRowsAsync(bob.Id, movieId));
    }

    [Fact]
    public async Task A_movie_id_that_is_not_a_number_is_400()
    {
        var user = await Factory.CreateUserAsync();

        using var response = await Factory.ClientFor(user).DeleteAsync($"/v1/users/{user.Id}/saved-movies/abc");

        var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(details.TryGetProperty("movie_id", out _));
    }
}

public sealed class RemoveSavedMovieOnSqlite(SqliteApiFactory factory) : RemoveSavedMovieSpec<SqliteApiFactory>(factory);

public sealed class RemoveSavedMovieOnPostgres(PostgresApiFactory factory) : RemoveSavedMovieSpec<PostgresApiFactory>(factory);
