namespace MovieDiscovery.Api.Tests.Features.Users;

public abstract class MeSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Returns_the_caller_as_id_name_and_date_of_birth()
    {
        var user = await Factory.CreateUserAsync();

        using var response = await Factory.ClientFor(user).GetAsync("/v1/me");

        var me = await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(user.Id, me.GetProperty("id").GetInt32());
        Assert.Equal("Test User", me.GetProperty("name").GetString());
        Assert.Equal("1990-06-15", me.GetProperty("date_of_birth").GetString());
        Assert.False(me.TryGetProperty("password_hash", out _));
        Assert.True(response.Headers.CacheControl?.NoStore);
    }
}

public sealed class MeOnSqlite(SqliteApiFactory factory) : MeSpec<SqliteApiFactory>(factory);

public sealed class MeOnPostgres(PostgresApiFactory factory) : MeSpec<PostgresApiFactory>(factory);
