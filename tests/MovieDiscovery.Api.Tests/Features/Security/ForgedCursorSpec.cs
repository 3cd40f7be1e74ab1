using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>
/// A list cursor is opaque to clients but not signed, so anyone can forge one. A forged cursor in
/// the shape the API issues (for the very list it is sent to, so it passes the list check) with
/// values the API never issues is refused with 400 or served as an ordinary page, never a 5xx; and
/// a cursor of another user's list does not open it.
/// </summary>
public abstract class ForgedCursorSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    private static readonly long[] s_sortKeys =
    [
        -1, 0, 1, 2000, int.MaxValue + 1L, int.MinValue - 1L, long.MaxValue, long.MinValue,
        DateTime.MaxValue.Ticks, DateTime.MaxValue.Ticks + 1, DateTime.UnixEpoch.Ticks,
    ];

    [Fact]
    public async Task A_forged_cursor_for_the_movie_list_is_400_or_a_page_never_a_5xx()
    {
        foreach (var (sort, suffix) in new[] { ("-year", ""), ("year", "&sort=year") })
        {
            foreach (var cursor in Forge($"movies:US:0:{sort}"))
            {
                using var response = await Client.GetAsync($"/v1/movies?country=US{suffix}&cursor={cursor.Encoded}");

                await ShouldBeRefusedOrServedAsync(response, cursor.Content);
            }
        }
    }

    [Fact]
    public async Task A_forged_cursor_for_the_callers_saved_list_is_400_or_a_page_never_a_5xx()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        foreach (var movieId in (await Factory.AvailableInAsync("US")).Take(3))
        {
            using var saved = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "US" });
            await saved.ShouldBe(HttpStatusCode.Created);
        }

        foreach (var (sort, suffix) in new[] { ("-date_added", ""), ("date_added", "&sort=date_added") })
        {
            foreach (var cursor in Forge($"saved:{user.Id}:US:{sort}"))
            {
                using var response = await client.GetAsync($"/v1/users/{user.Id}/saved-movies?country=US{suffix}&cursor={cursor.Encoded}");

                await ShouldBeRefusedOrServedAsync(response, cursor.Content);
            }
        }
    }

    [Fact]
    public async Task A_cursor_of_another_users_list_does_not_open_it()
    {
        var victim = await Factory.CreateUserAsync();
        var attacker = await Factory.CreateUserAsync();
        foreach (var movieId in (await Factory.AvailableInAsync("US")).Take(3))
        {
            using var saved = await Factory.ClientFor(victim).PostAsJsonAsync($"/v1/users/{victim.Id}/saved-movies", new { movie_id = movieId, country = "US" });
            await saved.ShouldBe(HttpStatusCode.Created);
        }

        using var first = await Factory.ClientFor(victim).GetAsync($"/v1/users/{victim.Id}/saved-movies?country=US&page_size=1");
        var page = await first.ShouldBe(HttpStatusCode.OK);
        var cursors = new List<string>();
        if (page.TryGetProperty("next_cursor", out var next) && next.ValueKind == JsonValueKind.String)
        {
            cursors.Add(next.GetString()!);
        }

        cursors.AddRange(Forge($"saved:{victim.Id}:US:-date_added").Select(c => c.Encoded).Take(5));

        foreach (var cursor in cursors)
        {
            using var own = await Factory.ClientFor(attacker).GetAsync($"/v1/users/{attacker.Id}/saved-movies?country=US&cursor={cursor}");
            using var theirs = await Factory.ClientFor(attacker).GetAsync($"/v1/users/{victim.Id}/saved-movies?country=US&cursor={cursor}");

            var details = await own.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.True(details.TryGetProperty("cursor", out _), details.ToString());
            Assert.True(theirs.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{(int)theirs.StatusCode}");
            await theirs.ShouldBe(theirs.StatusCode);
        }
    }

    private static async Task ShouldBeRefusedOrServedAsync(HttpResponseMessage response, string content)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest,
            $"the cursor '{content}' answered {(int)response.StatusCode}: {text}");
        await response.ShouldBe(response.StatusCode);
    }

    /// <summary>Cursors for <paramref name="list"/> in the issued shape (base64url of <c>c1|list|size|page|key|id</c>).</summary>
    private static IEnumerable<(string Content, string Encoded)> Forge(string list)
    {
        // Page 2 of one item per page starts inside every list here, so the seek itself runs.
        foreach (var key in s_sortKeys)
        {
            foreach (var (size, page, id) in new[] { (1, 2, 1), (1, 2, int.MaxValue), (20, int.MaxValue, 1) })
            {
                var content = string.Create(CultureInfo.InvariantCulture, $"c1|{list}|{size}|{page}|{key}|{id}");
                yield return (content, Base64Url.EncodeToString(Encoding.UTF8.GetBytes(content)));
            }
        }
    }
}

public sealed class ForgedCursorOnSqlite(SqliteApiFactory factory) : ForgedCursorSpec<SqliteApiFactory>(factory);

public sealed class ForgedCursorOnPostgres(PostgresApiFactory factory) : ForgedCursorSpec<PostgresApiFactory>(factory);
