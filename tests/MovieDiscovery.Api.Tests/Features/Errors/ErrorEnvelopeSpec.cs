namespace MovieDiscovery.Api.Tests.Features.Errors;

public abstract class ErrorEnvelopeSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task An_unknown_route_is_404_NOT_FOUND_in_the_envelope()
    {
        using var response = await Client.GetAsync("/v1/nothing-here");

        var details = await response.ShouldFail(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.False(string.IsNullOrEmpty(details.GetProperty("trace_id").GetString()));
    }

    [Fact]
    public async Task A_wrong_method_is_405_METHOD_NOT_ALLOWED_in_the_envelope()
    {
        using var response = await Client.DeleteAsync("/v1/genres");

        await response.ShouldFail(HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
    }

    [Theory]
    [InlineData("/openapi/v2.json")]
    [InlineData("/openapi/v2.yaml")]
    [InlineData("/openapi/v1.xml")]
    public async Task An_unknown_OpenAPI_document_is_404_NOT_FOUND_in_the_envelope(string url)
    {
        using var response = await Client.GetAsync(url);

        await response.ShouldFail(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Validation_errors_carry_a_trace_id()
    {
        using var response = await Client.GetAsync("/v1/movies");

        var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Matches("^[0-9a-f]{32}$", details.GetProperty("trace_id").GetString());
    }
}

public sealed class ErrorEnvelopeOnSqlite(SqliteApiFactory factory) : ErrorEnvelopeSpec<SqliteApiFactory>(factory);

public sealed class ErrorEnvelopeOnPostgres(PostgresApiFactory factory) : ErrorEnvelopeSpec<PostgresApiFactory>(factory);
