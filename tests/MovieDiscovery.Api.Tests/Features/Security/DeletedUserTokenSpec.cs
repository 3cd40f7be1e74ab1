using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>
/// A token stays valid for its lifetime after its user is removed. It then stands for no one: every
/// route answers as the document says (no 5xx) and nothing is written for the missing user.
/// </summary>
public abstract class DeletedUserTokenSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task The_token_of_a_removed_user_gets_no_5xx_and_writes_nothing()
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

        await me.ShouldFail(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        foreach (var response in new[] { save, list, one, remove })
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri} answered {(int)response.StatusCode}: {text}");
        }

        Assert.True(save.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.NotFound or HttpStatusCode.Forbidden,
            $"a save for a removed user answered {(int)save.StatusCode}: {await save.Content.ReadAsStringAsync()}");
        await save.ShouldBe(save.StatusCode);
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
