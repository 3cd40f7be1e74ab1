using System.Globalization;
using System.Text;

namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>
/// A save body is exactly <c>{ movie_id, country }</c>: a client cannot choose whose list the row lands
/// in, nor when it was added, under any spelling of those properties. Such a body is 400 and creates
/// no row for anyone.
/// </summary>
public abstract class MassAssignmentSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    /// <summary>Extra members, with {0} standing for the other user's id.</summary>
    public static TheoryData<string> ExtraMembers() =>
    [
        "\"user_id\":{0}",
        "\"user_id\":\"{0}\"",
        "\"date_added\":\"2000-01-01T00:00:00Z\"",
        "\"date_added\":\"2000-01-01T00:00:00Z\",\"user_id\":{0}",
        "\"USER_ID\":{0}",
        "\"userId\":{0}",
        "\"UserId\":{0}",
        "\"dateAdded\":\"2000-01-01T00:00:00Z\"",
        "\"DATE_ADDED\":\"2000-01-01T00:00:00Z\"",
        "\"user\":{{\"id\":{0}}}",
        "\"id\":{0}",
        "\"role\":\"admin\"",
        "\"user_id\":null",
    ];

    [Theory]
    [MemberData(nameof(ExtraMembers))]
    public async Task A_save_body_that_sets_other_fields_is_400_and_creates_no_row_for_anyone(string extra)
    {
        var caller = await Factory.CreateUserAsync();
        var victim = await Factory.CreateUserAsync();
        var movieId = (await Factory.AvailableInAsync("US"))[2];
        var before = await DataSnapshot.TakeAsync(Factory);
        var member = string.Format(CultureInfo.InvariantCulture, extra, victim.Id);

        foreach (var json in new[]
        {
            $$"""{"movie_id":{{movieId}},"country":"US",{{member}}}""",
            $$"""{{{member}},"movie_id":{{movieId}},"country":"US"}""",
        })
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await Factory.ClientFor(caller).PostAsync($"/v1/users/{caller.Id}/saved-movies", content);

            await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        }

        Assert.Equal(before, await DataSnapshot.TakeAsync(Factory));
        Assert.Empty(await DataSnapshot.SavedByAsync(Factory, caller.Id));
        Assert.Empty(await DataSnapshot.SavedByAsync(Factory, victim.Id));
    }

    [Fact]
    public async Task An_admin_cannot_redirect_a_save_with_a_body_user_id_either()
    {
        var admin = await Factory.CreateUserAsync("admin");
        var victim = await Factory.CreateUserAsync();
        var movieId = (await Factory.AvailableInAsync("US"))[3];
        using var content = new StringContent($$"""{"movie_id":{{movieId}},"country":"US","user_id":{{victim.Id}}}""", Encoding.UTF8, "application/json");

        using var response = await Factory.ClientFor(admin).PostAsync($"/v1/users/{admin.Id}/saved-movies", content);

        await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Empty(await DataSnapshot.SavedByAsync(Factory, admin.Id));
        Assert.Empty(await DataSnapshot.SavedByAsync(Factory, victim.Id));
    }

    [Fact]
    public async Task The_server_sets_date_added_whatever_the_client_sends_in_headers_or_query()
    {
        var user = await Factory.CreateUserAsync();
        var movieId = (await Factory.AvailableInAsync("US"))[4];
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/users/{user.Id}/saved-movies?date_added=2000-01-01T00:00:00Z&user_id=1")
        {
            Content = new StringContent($$"""{"movie_id":{{movieId}},"country":"US"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Date = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

        using var response = await Factory.ClientFor(user).SendAsync(request);

        var body = await response.ShouldBe(HttpStatusCode.Created);
        Assert.InRange(body.GetProperty("date_added").GetDateTime(), DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(5));
        Assert.Equal([movieId], await DataSnapshot.SavedByAsync(Factory, user.Id));
        Assert.DoesNotContain(movieId, await DataSnapshot.SavedByAsync(Factory, 1));
    }
}

public sealed class MassAssignmentOnSqlite(SqliteApiFactory factory) : MassAssignmentSpec<SqliteApiFactory>(factory);

public sealed class MassAssignmentOnPostgres(PostgresApiFactory factory) : MassAssignmentSpec<PostgresApiFactory>(factory);
