using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Tests.Features.Movies;

/// <summary>Public catalogue reads answer conditional GETs; a catalogue change shows at once.</summary>
public abstract class ConditionalGetSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [InlineData("/v1/genres")]
    [InlineData("/v1/countries")]
    [InlineData("/v1/movies?country=US")]
    [InlineData("/v1/movies/1")]
    public async Task A_matching_If_None_Match_gets_304_without_a_body(string url)
    {
        using var first = await Client.GetAsync(url);
        await first.ShouldBe(HttpStatusCode.OK);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Equal("public, no-cache", first.Headers.CacheControl?.ToString());

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, second.Headers.ETag);
    }

    [Fact]
    public async Task An_If_None_Match_longer_than_documented_is_400_naming_it()
    {
        using var atLimit = new HttpRequestMessage(HttpMethod.Get, "/v1/genres");
        atLimit.Headers.TryAddWithoutValidation("If-None-Match", "\"" + new string('a', 398) + "\"");
        using var overLimit = new HttpRequestMessage(HttpMethod.Get, "/v1/genres");
        overLimit.Headers.TryAddWithoutValidation("If-None-Match", "\"" + new string('a', 399) + "\"");

        using var accepted = await Client.SendAsync(atLimit);
        using var refused = await Client.SendAsync(overLimit);

        await accepted.ShouldBe(HttpStatusCode.OK);
        var details = await refused.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(details.TryGetProperty("If-None-Match", out _), details.ToString());
    }

    [Fact]
    public async Task Another_tag_gets_the_full_answer()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/genres");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));

        using var response = await Client.SendAsync(request);

        var body = await response.ShouldBe(HttpStatusCode.OK);
        Assert.True(body.GetProperty("total").GetInt32() > 0);
    }

    [Fact]
    public async Task A_title_change_changes_the_tag_at_once()
    {
        using var before = await Client.GetAsync("/v1/movies/2");
        await before.ShouldBe(HttpStatusCode.OK);
        await using (var scope = Factory.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Movies.Where(m => m.Id == 2).ExecuteUpdateAsync(s => s.SetProperty(m => m.Title, "A New Title"));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/movies/2");
        request.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        using var after = await Client.SendAsync(request);

        var movie = await after.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("A New Title", movie.GetProperty("title").GetString());
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
    }

    [Fact]
    public async Task Errors_carry_no_tag()
    {
        using var response = await Client.GetAsync("/v1/movies/999999");

        await response.ShouldFail(HttpStatusCode.NotFound, "MOVIE_NOT_FOUND");
        Assert.Null(response.Headers.ETag);
    }
}

public sealed class ConditionalGetOnSqlite(SqliteApiFactory factory) : ConditionalGetSpec<SqliteApiFactory>(factory);

public sealed class ConditionalGetOnPostgres(PostgresApiFactory factory) : ConditionalGetSpec<PostgresApiFactory>(factory);
