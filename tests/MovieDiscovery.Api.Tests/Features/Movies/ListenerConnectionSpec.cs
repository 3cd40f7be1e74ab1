using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Infrastructure.Caching;

namespace MovieDiscovery.Api.Tests.Features.Movies;

/// <summary>
/// The catalogue change listener connects where <c>Database:ListenerConnectionString</c> says when it is set (behind a
/// pooler in transaction mode the main connection string cannot carry <c>LISTEN</c>); requests keep the main one.
/// </summary>
public sealed class ListenerConnectionSpec
{
    [Fact]
    public async Task The_listener_uses_its_own_connection_string_and_requests_the_main_one()
    {
        await using var factory = new PostgresApiFactory();
        // Nothing listens there: a listener that used it could never go live.
        factory.Settings["Database:ListenerConnectionString"] =
            $"Host=127.0.0.1;Port={ChildProcesses.FreePort()};Username=postgres;Database=postgres";
        await factory.InitializeAsync();
        using var client = factory.CreateClient();

        using var genres = await client.GetAsync("/v1/genres");
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(HttpStatusCode.OK, genres.StatusCode);
        Assert.False(factory.Services.GetRequiredService<CatalogueResponseCache>().IsLive,
            "The cache went live: the listener did not use Database:ListenerConnectionString.");
    }
}
