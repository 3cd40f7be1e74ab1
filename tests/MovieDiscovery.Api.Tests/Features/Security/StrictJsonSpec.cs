using System.Text;

namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>
/// A JSON body means one thing to every reader: a key given twice, or a property name in any other spelling than
/// the contract's exact snake_case, is 400 and changes nothing. What an error echoes of the body is short.
/// </summary>
public abstract class StrictJsonSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [InlineData("""{"movie_id":{0},"movie_id":{1},"country":"US"}""")]
    [InlineData("""{"movie_id":{1},"movie_id":{0},"country":"US"}""")]
    [InlineData("""{"movie_id":{0},"country":"US","country":"US"}""")]
    [InlineData("""{"MOVIE_ID":{0},"country":"US"}""")]
    [InlineData("""{"Movie_Id":{0},"country":"US"}""")]
    [InlineData("""{"movie_id":{0},"COUNTRY":"US"}""")]
    [InlineData("""{"movie_id":{0},"Country":"US"}""")]
    public async Task A_save_body_with_a_repeated_key_or_a_name_in_another_case_is_400_and_saves_nothing(string template)
    {
        var user = await Factory.CreateUserAsync();
        var movies = await Factory.AvailableInAsync("US");
        var json = template.Replace("{0}", $"{movies[0]}", StringComparison.Ordinal).Replace("{1}", $"{movies[1]}", StringComparison.Ordinal);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await Factory.ClientFor(user).PostAsync($"/v1/users/{user.Id}/saved-movies", content);

        await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Empty(await DataSnapshot.SavedByAsync(Factory, user.Id));
    }

    [Theory]
    [InlineData("""{"email":"nobody@example.com","email":"alice@example.com","password":"alice-password"}""")]
    [InlineData("""{"EMAIL":"alice@example.com","password":"alice-password"}""")]
    [InlineData("""{"email":"alice@example.com","Password":"alice-password"}""")]
    public async Task A_credential_with_a_repeated_key_or_a_name_in_another_case_is_400(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await Client.PostAsync("/v1/auth/token", content);

        await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task An_unknown_property_is_named_in_at_most_200_characters()
    {
        var name = new string('x', 15 * 1024 - 100);
        using var content = new StringContent($$"""{"email":"alice@example.com","password":"p","{{name}}":1}""", Encoding.UTF8, "application/json");

        using var response = await Client.PostAsync("/v1/auth/token", content);

        var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Contains("Unknown property", details.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.InRange((await response.Content.ReadAsStringAsync()).Length, 1, 1024);
    }
}

public sealed class StrictJsonOnSqlite(SqliteApiFactory factory) : StrictJsonSpec<SqliteApiFactory>(factory);

public sealed class StrictJsonOnPostgres(PostgresApiFactory factory) : StrictJsonSpec<PostgresApiFactory>(factory);
