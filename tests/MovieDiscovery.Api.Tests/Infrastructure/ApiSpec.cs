namespace MovieDiscovery.Api.Tests.Infrastructure;

/// <summary>
/// Base of every HTTP spec: a client over the real pipeline of a factory that owns a fresh database.
/// Each spec is written once and run once per provider by a subclass of each.
/// </summary>
public abstract class ApiSpec<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    protected TFactory Factory { get; } = factory;

    protected HttpClient Client { get; } = factory.CreateClient();

    protected async Task<JsonElement> GetJsonAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.GetAsync(url);
        return await response.ShouldBe(expected);
    }
}
