namespace MovieDiscovery.Api.Tests.Features.Security;

public abstract class ResponseHeadersSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [InlineData("/v1/genres")]
    [InlineData("/v1/movies?country=XX")]
    [InlineData("/v1/nothing")]
    [InlineData("/v1/me")]
    public async Task Every_response_forbids_sniffing_and_names_no_server(string url)
    {
        using var response = await Client.GetAsync(url);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(response.Headers.Contains("Server"));
    }
}

public sealed class ResponseHeadersOnSqlite(SqliteApiFactory factory) : ResponseHeadersSpec<SqliteApiFactory>(factory);

public sealed class ResponseHeadersOnPostgres(PostgresApiFactory factory) : ResponseHeadersSpec<PostgresApiFactory>(factory);
