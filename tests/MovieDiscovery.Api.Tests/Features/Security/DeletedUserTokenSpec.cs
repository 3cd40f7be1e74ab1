using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>
/// A token stays signed for its lifetime after its user is removed, but stands for no one: every route
/// that needs a token answers 401 UNAUTHORIZED, and nothing is written for the missing user.
/// </summary>
public abstract class DeletedUserTokenSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task The_token_of_a_removed_user_is_401_on_every_route_and_writes_nothing()
    {
        var user = await Factory.CreateUserAsync();
        var movieId = (await Factory.AvailableInAsync("US"))[0];
        await RemoveAsync(user.Id);
        var client = Factory.ClientFor(user);
        var before = await DataSnapshot.TakeAsync(Factory);

        using var me = await client.GetAsync("/v1/me");
        using var save = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "US" });
        using var list = await client.GetAsync($"/v1/users/{user.Id}/saved-movies?country=US");
        using var one = await client.GetAsync($"/v1/users/{user.Id}/saved-movies/{movieId}");
        using var remove = await client.DeleteAsync($"/v1/users/{user.Id}/saved-movies/{movieId}");

        foreach (var response in new[] { me, save, list, one, remove })
        {
            await response.ShouldFail(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        Assert.Equal(before, await DataSnapshot.TakeAsync(Factory));
    }

    private async Task RemoveAsync(int userId)
    {
        await using var scope = Factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync();
    }
}

public sealed class DeletedUserTokenOnSqlite(SqliteApiFactory factory) : DeletedUserTokenSpec<SqliteApiFactory>(factory);

public sealed class DeletedUserTokenOnPostgres(PostgresApiFactory factory) : DeletedUserTokenSpec<PostgresApiFactory>(factory);
