using System.Globalization;
using System.Text;

namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>
/// Broken object-level authorization through the id's spelling: a user id (or movie id) that is not
/// a plain positive integer is 400 naming the parameter, and no spelling of another user's id ever
/// reaches their data. A percent-encoded digit is the same URL as the digit (RFC 3986 §6.2.2.2), so
/// <c>/v1/users/%31</c> is user 1: forbidden to anyone else, not 400.
/// </summary>
public abstract class StringIdOwnershipSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    /// <summary>Spellings of a user id that are not an id, with {0} the victim's id: always 400.</summary>
    public static TheoryData<string> NotIds() =>
    [
        "abc",
        "1.0",
        "{0}.0",
        "{0}abc",
        "{0}e0",
        "0x{0}",
        "{0}%20",
        "%20{0}",
        "{0},{0}",
        "{0};{0}",
        "-{0}",
        "0",
        "%2531",
        "%25{0}",
        "99999999999999999999",
        "2147483648",
        "null",
        "me",
        "%EF%BC%91",
        "%D9%A1",
        "{0}%2F",
        "*",
        "{0}'--",
    ];

    /// <summary>Spellings that are the victim's id itself (leading zeros, sign, encoded digits): 403 to another user.</summary>
    public static TheoryData<string> SameIds() => ["0{0}", "+{0}", "{1}"];

    [Theory]
    [MemberData(nameof(NotIds))]
    public async Task A_user_id_that_is_not_an_integer_is_400_and_never_reaches_another_users_data(string spelling)
    {
        var (victim, title, movieId) = await VictimWithASavedMovieAsync();
        var attacker = Factory.ClientFor(await Factory.CreateUserAsync());
        var before = await DataSnapshot.TakeAsync(Factory);
        var id = string.Format(CultureInfo.InvariantCulture, spelling, victim.Id);

        foreach (var (method, url) in Routes(id, movieId.ToString(CultureInfo.InvariantCulture)))
        {
            using var response = await SendAsync(attacker, method, url, movieId);

            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(title, text, StringComparison.Ordinal);
            var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.True(details.TryGetProperty("user_id", out _), $"{method} {url}: {details}");
        }

        Assert.Equal(before, await DataSnapshot.TakeAsync(Factory));
        Assert.Equal([movieId], await DataSnapshot.SavedByAsync(Factory, victim.Id));
    }

    [Theory]
    [MemberData(nameof(NotIds))]
    public async Task A_movie_id_that_is_not_an_integer_is_400_even_on_the_callers_own_list(string spelling)
    {
        var (victim, _, movieId) = await VictimWithASavedMovieAsync();
        var id = string.Format(CultureInfo.InvariantCulture, spelling, movieId);

        foreach (var method in new[] { "GET", "DELETE" })
        {
            using var response = await SendAsync(Factory.ClientFor(victim), method, $"/v1/users/{victim.Id}/saved-movies/{id}", movieId);

            var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.True(details.TryGetProperty("movie_id", out _), details.ToString());
        }

        Assert.Equal([movieId], await DataSnapshot.SavedByAsync(Factory, victim.Id));
    }

    [Theory]
    [MemberData(nameof(SameIds))]
    public async Task Another_spelling_of_another_users_id_is_still_403(string spelling)
    {
        var (victim, title, movieId) = await VictimWithASavedMovieAsync();
        var attacker = Factory.ClientFor(await Factory.CreateUserAsync());
        var encodedDigits = string.Concat(victim.Id.ToString(CultureInfo.InvariantCulture).Select(d => $"%3{d}"));
        var id = string.Format(CultureInfo.InvariantCulture, spelling, victim.Id, encodedDigits);

        foreach (var (method, url) in Routes(id, movieId.ToString(CultureInfo.InvariantCulture)))
        {
            using var response = await SendAsync(attacker, method, url, movieId);

            Assert.DoesNotContain(title, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await response.ShouldFail(HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        Assert.Equal([movieId], await DataSnapshot.SavedByAsync(Factory, victim.Id));
    }

    [Fact]
    public async Task A_percent_encoded_digit_is_the_digit_so_user_1_stays_forbidden()
    {
        var attacker = Factory.ClientFor(await Factory.CreateUserAsync());
        var aliceBefore = await DataSnapshot.SavedByAsync(Factory, 1);

        foreach (var (method, url) in Routes("%31", "%31"))
        {
            using var response = await SendAsync(attacker, method, url, 1);

            await response.ShouldFail(HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        Assert.Equal(aliceBefore, await DataSnapshot.SavedByAsync(Factory, 1));
    }

    private static (string Method, string Url)[] Routes(string userId, string movieId) =>
    [
        ("GET", $"/v1/users/{userId}/saved-movies?country=US"),
        ("GET", $"/v1/users/{userId}/saved-movies/{movieId}"),
        ("DELETE", $"/v1/users/{userId}/saved-movies/{movieId}"),
        ("POST", $"/v1/users/{userId}/saved-movies"),
    ];

    private async Task<(TestUser Victim, string Title, int MovieId)> VictimWithASavedMovieAsync()
    {
        var victim = await Factory.CreateUserAsync();
        var movieId = (await Factory.AvailableInAsync("US"))[5];
        using var saved = await Factory.ClientFor(victim).PostAsJsonAsync($"/v1/users/{victim.Id}/saved-movies", new { movie_id = movieId, country = "US" });
        var body = await saved.ShouldBe(HttpStatusCode.Created);
        return (victim, body.GetProperty("title").GetString()!, movieId);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url, int movieId)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST")
        {
            // Another movie available in the US, so a save that got through would add a row.
            request.Content = new StringContent($$"""{"movie_id":{{movieId + 1}},"country":"US"}""", Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }
}

public sealed class StringIdOwnershipOnSqlite(SqliteApiFactory factory) : StringIdOwnershipSpec<SqliteApiFactory>(factory);

public sealed class StringIdOwnershipOnPostgres(PostgresApiFactory factory) : StringIdOwnershipSpec<PostgresApiFactory>(factory);
