namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>Oversized requests are refused with the right status, in the envelope.</summary>
public sealed class RequestLimitsSpec(SqliteApiFactory factory) : ApiSpec<SqliteApiFactory>(factory)
{
    [Fact]
    public async Task Headers_over_16_KiB_are_431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/genres");
        request.Headers.Add("X-Padding", new string('x', 17 * 1024));

        using var response = await Client.SendAsync(request);

        await response.ShouldFail(HttpStatusCode.RequestHeaderFieldsTooLarge, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task A_request_target_over_8_KiB_is_414()
    {
        using var response = await Client.GetAsync("/v1/movies?country=US&x=" + new string('a', 9 * 1024));

        await response.ShouldFail(HttpStatusCode.RequestUriTooLong, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Deeply_nested_json_is_400()
    {
        var user = await Factory.CreateUserAsync();
        var json = new string('[', 100) + new string(']', 100);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await Factory.ClientFor(user).PostAsync($"/v1/users/{user.Id}/saved-movies", content);

        await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Ordinary_requests_pass()
    {
        await GetJsonAsync("/v1/movies?country=US&page_size=100");
    }
}
