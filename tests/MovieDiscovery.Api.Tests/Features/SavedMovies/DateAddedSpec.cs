using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Tests.Features.SavedMovies;

/// <summary>
/// <c>date_added</c> comes from the database's clock, so saves made through different instances (whose clocks
/// may differ) are ordered by one clock; and the answer to a save is exactly what was stored.
/// </summary>
public abstract class DateAddedSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Date_added_is_the_database_clock_even_when_the_instance_clock_is_off()
    {
        var user = await Factory.CreateUserAsync();
        // An instance whose clock is a year behind, over the same database.
        await using var skewed = Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<TimeProvider>(new SkewedClock(TimeSpan.FromDays(-365)))));
        using var client = skewed.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.Token);

        var before = await DatabaseNowAsync();
        using var response = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = 62, country = "US" });
        var after = await DatabaseNowAsync();
        var added = (await response.ShouldBe(HttpStatusCode.Created)).GetProperty("date_added").GetDateTime().ToUniversalTime();

        Assert.InRange(added, before, after);
    }

    [Fact]
    public async Task The_answer_to_a_save_carries_exactly_the_stored_date_added()
    {
        var user = await Factory.CreateUserAsync();
        using var client = Factory.ClientFor(user);

        using var response = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = 62, country = "US" });
        var answered = (await response.ShouldBe(HttpStatusCode.Created)).GetProperty("date_added").GetDateTime().ToUniversalTime();
        var listed = (await GetJsonWithAsync(client, $"/v1/users/{user.Id}/saved-movies?country=US")).GetProperty("data")[0].GetProperty("date_added").GetDateTime().ToUniversalTime();

        await using var scope = Factory.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().SavedMovies
            .Where(s => s.UserId == user.Id && s.MovieId == 62).Select(s => s.DateAdded).SingleAsync();
        Assert.Equal(stored, answered);
        Assert.Equal(stored, listed);
    }

    /// <summary>The database's current time, read as the application reads timestamps.</summary>
    private async Task<DateTime> DatabaseNowAsync()
    {
        await using var scope = Factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var sql = db.Database.IsNpgsql() ? "SELECT clock_timestamp() AS \"Value\"" : "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now') AS \"Value\"";
        var now = await db.Database.SqlQueryRaw<DateTime>(sql).SingleAsync();
        return DateTime.SpecifyKind(now, DateTimeKind.Utc);
    }

    private static async Task<JsonElement> GetJsonWithAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return await response.ShouldBe(HttpStatusCode.OK);
    }

    private sealed class SkewedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}

public sealed class DateAddedOnSqlite(SqliteApiFactory factory) : DateAddedSpec<SqliteApiFactory>(factory);

public sealed class DateAddedOnPostgres(PostgresApiFactory factory) : DateAddedSpec<PostgresApiFactory>(factory);
