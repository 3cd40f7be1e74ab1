using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Tests.Features.SavedMovies;

/// <summary>
/// POST /v1/users/{user_id}/saved-movies/batch: one item per id, saves first then removes, each in request order,
/// each answered as its single route would answer it; the request as a whole is validated, then authorised.
/// </summary>
public abstract partial class SaveBatchSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Answers_each_item_as_its_single_route_would_saves_first_then_removes_in_request_order()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        var available = await Factory.AvailableInAsync("US");
        var unavailable = (await Factory.UnavailableInAsync("US"))[0];
        var (fresh, already, saved, notSaved) = (available[10], available[11], available[12], available[13]);
        await SaveAsync(client, user, already);
        await SaveAsync(client, user, saved);

        using var response = await client.PostAsJsonAsync(BatchUrl(user), new
        {
            country = "us",
            save = new[] { unavailable, fresh, 987654, already },
            remove = new[] { notSaved, saved },
        });

        var items = (await response.ShouldBe(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([unavailable, fresh, 987654, already, notSaved, saved], items.Select(i => i.GetProperty("movie_id").GetInt32()));
        Assert.Equal(["save", "save", "save", "save", "remove", "remove"], items.Select(i => i.GetProperty("action").GetString()));
        Assert.Equal([422, 201, 404, 409, 404, 204], items.Select(i => i.GetProperty("status").GetInt32()));
        Assert.Equal(["UNAVAILABLE_IN_COUNTRY", null, "MOVIE_NOT_FOUND", "DUPLICATE_SAVE", "NOT_SAVED", null], items.Select(ErrorCode));
        Assert.Equal((await Factory.CountriesOfAsync(unavailable)).Order(StringComparer.Ordinal),
            items[0].GetProperty("error").GetProperty("details").GetProperty("available_in").EnumerateArray().Select(c => c.GetString()!));
        var savedMovie = items[1].GetProperty("saved_movie");
        Assert.Equal(fresh, savedMovie.GetProperty("id").GetInt32());
        Assert.Contains("US", savedMovie.GetProperty("countries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(DateTimeKind.Utc, savedMovie.GetProperty("date_added").GetDateTime().Kind);
        Assert.False(items[5].TryGetProperty("saved_movie", out _) || items[5].TryGetProperty("error", out _));
        var rows = new[]
        {
            await Factory.SavedRowsAsync(user.Id, fresh), await Factory.SavedRowsAsync(user.Id, already),
            await Factory.SavedRowsAsync(user.Id, saved), await Factory.SavedRowsAsync(user.Id, unavailable),
        };
        Assert.Equal([1, 1, 0, 0], rows);
    }

    [Fact]
    public async Task The_saved_movie_of_an_item_is_what_the_single_save_answers()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        var (single, batched) = ((await Factory.AvailableInAsync("DE"))[3], (await Factory.AvailableInAsync("DE"))[4]);

        var one = await SaveAsync(client, user, single, "DE");
        using var response = await client.PostAsJsonAsync(BatchUrl(user), new { country = "DE", save = new[] { batched } });
        var item = (await response.ShouldBe(HttpStatusCode.OK)).GetProperty("data")[0].GetProperty("saved_movie");
        using var detail = await client.GetAsync($"/v1/users/{user.Id}/saved-movies/{batched}");

        Assert.Equal(Names(one), Names(item));
        Assert.Equal((await detail.ShouldBe(HttpStatusCode.OK)).GetRawText(), item.GetRawText());
    }

    [Fact]
    public async Task Removes_alone_need_no_country()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        var movie = (await Factory.AvailableInAsync("GB"))[2];
        await SaveAsync(client, user, movie, "GB");

        using var response = await client.PostAsJsonAsync(BatchUrl(user), new { remove = new[] { movie } });

        var items = (await response.ShouldBe(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal(204, items[0].GetProperty("status").GetInt32());
        Assert.Equal(0, await Factory.SavedRowsAsync(user.Id, movie));
    }

    [Fact]
    public async Task A_hundred_ids_are_one_request_for_the_rate_limit()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        var movies = await Factory.AvailableInAsync("US");
        var ids = movies.Take(100).ToArray();

        using var saved = await client.PostAsJsonAsync(BatchUrl(user), new { country = "US", save = ids });
        using var removed = await client.PostAsJsonAsync(BatchUrl(user), new { remove = ids });

        Assert.All((await saved.ShouldBe(HttpStatusCode.OK)).GetProperty("data").EnumerateArray(), i => Assert.Equal(201, i.GetProperty("status").GetInt32()));
        Assert.All((await removed.ShouldBe(HttpStatusCode.OK)).GetProperty("data").EnumerateArray(), i => Assert.Equal(204, i.GetProperty("status").GetInt32()));
        Assert.Equal(Remaining(saved) - 1, Remaining(removed));
        Assert.Equal(0, await SavedCountAsync(user.Id));
    }

    [Fact]
    public async Task Two_simultaneous_batches_saving_the_same_movies_save_each_exactly_once()
    {
        var user = await Factory.CreateUserAsync();
        var movies = (await Factory.AvailableInAsync("US")).Skip(30).Take(40).ToArray();
        using var start = new SemaphoreSlim(0);
        var batches = Enumerable.Range(0, 4).Select(async n =>
        {
            var client = Factory.ClientFor(user);
            // Each batch names the movies in another order.
            var order = n % 2 == 0 ? movies : [.. movies.Reverse()];
            await start.WaitAsync();
            using var response = await client.PostAsJsonAsync(BatchUrl(user), new { country = "US", save = order });
            return (await response.ShouldBe(HttpStatusCode.OK)).GetProperty("data").EnumerateArray()
                .Select(i => (Movie: i.GetProperty("movie_id").GetInt32(), Status: i.GetProperty("status").GetInt32())).ToList();
        }).ToList();

        start.Release(4);
        var items = (await Task.WhenAll(batches)).SelectMany(b => b).ToList();

        Assert.All(movies, movie => Assert.Equal(1, items.Count(i => i.Movie == movie && i.Status == 201)));
        Assert.Equal(movies.Length * 3, items.Count(i => i.Status == 409));
        Assert.Equal(movies.Length, await SavedCountAsync(user.Id));
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"country":"US","save":[]}""", "save" },
        { """{}""", "save" },
        { """{"remove":[]}""", "save" },
        { $$"""{"country":"US","save":[{{string.Join(',', Enumerable.Range(1, 101))}}]}""", "save" },
        { $$"""{"country":"US","save":[{{string.Join(',', Enumerable.Range(1, 60))}}],"remove":[{{string.Join(',', Enumerable.Range(61, 41))}}]}""", "remove" },
        { """{"country":"US","save":[1,2,1]}""", "save" },
        { """{"remove":[3,3]}""", "remove" },
        { """{"country":"US","save":[1,2],"remove":[2]}""", "remove" },
        { """{"save":[1]}""", "country" },
        { """{"country":"XX","save":[1]}""", "country" },
        { """{"country":"US","save":[0]}""", "save" },
        { """{"country":"US","save":[-5],"remove":[1]}""", "save" },
        { """{"country":"US","save":["1"]}""", "body" },
        { """{"country":"US","save":[1.5]}""", "body" },
        { """{"country":"US","save":1}""", "body" },
        { """{"country":"US","save":[1],"user_id":2}""", "body" },
        { """[1,2]""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_batch_is_400_naming_what_is_wrong_and_changes_nothing(string json, string parameter)
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        var kept = (await Factory.AvailableInAsync("US"))[0];
        await SaveAsync(client, user, kept);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(BatchUrl(user), content);

        var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(parameter == "body" || details.TryGetProperty(parameter, out _), details.ToString());
        Assert.Equal(1, await SavedCountAsync(user.Id));
    }

    [Fact]
    public async Task Validation_comes_before_authentication_and_ownership_for_the_whole_batch()
    {
        var owner = await Factory.CreateUserAsync();
        var other = await Factory.CreateUserAsync();
        var movie = (await Factory.AvailableInAsync("US"))[0];

        using var badAndAnonymous = await Client.PostAsJsonAsync(BatchUrl(owner), new { save = new[] { movie } });
        using var anonymous = await Client.PostAsJsonAsync(BatchUrl(owner), new { country = "US", save = new[] { movie } });
        using var someoneElse = await Factory.ClientFor(other).PostAsJsonAsync(BatchUrl(owner), new { country = "US", save = new[] { movie } });

        await badAndAnonymous.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await anonymous.ShouldFail(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await someoneElse.ShouldFail(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(0, await Factory.SavedRowsAsync(owner.Id, movie));
    }

    [Fact]
    public async Task An_admin_may_batch_for_another_user()
    {
        var admin = await Factory.CreateUserAsync(MovieDiscovery.Api.Data.Entities.Roles.Admin);
        var user = await Factory.CreateUserAsync();
        var movie = (await Factory.AvailableInAsync("BR"))[1];

        using var response = await Factory.ClientFor(admin).PostAsJsonAsync(BatchUrl(user), new { country = "BR", save = new[] { movie } });

        Assert.Equal(201, (await response.ShouldBe(HttpStatusCode.OK)).GetProperty("data")[0].GetProperty("status").GetInt32());
        Assert.Equal(1, await Factory.SavedRowsAsync(user.Id, movie));
    }

    private static string BatchUrl(TestUser user) => $"/v1/users/{user.Id}/saved-movies/batch";

    private static async Task<JsonElement> SaveAsync(HttpClient client, TestUser user, int movieId, string country = "US")
    {
        using var response = await client.PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country });
        return await response.ShouldBe(HttpStatusCode.Created);
    }

    private static string? ErrorCode(JsonElement item) =>
        item.TryGetProperty("error", out var error) ? error.GetProperty("code").GetString() : null;

    /// <summary>The property names of a saved movie, in order.</summary>
    private static string[] Names(JsonElement movie) => [.. movie.EnumerateObject().Select(p => p.Name)];

    /// <summary>How many requests the client has left in the window (the RateLimit header's <c>r</c>).</summary>
    private static int Remaining(HttpResponseMessage response) =>
        int.Parse(RemainingPattern().Match(response.Headers.GetValues("RateLimit").Single()).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<int> SavedCountAsync(int userId)
    {
        await using var scope = Factory.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().SavedMovies.CountAsync(s => s.UserId == userId);
    }

    [GeneratedRegex(@"r=(\d+)")]
    private static partial Regex RemainingPattern();
}

public sealed class SaveBatchOnSqlite(SqliteApiFactory factory) : SaveBatchSpec<SqliteApiFactory>(factory);

public sealed class SaveBatchOnPostgres(PostgresApiFactory factory) : SaveBatchSpec<PostgresApiFactory>(factory);
