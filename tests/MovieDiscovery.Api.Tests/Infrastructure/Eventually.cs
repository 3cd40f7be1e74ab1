namespace MovieDiscovery.Api.Tests.Infrastructure;

/// <summary>Waits for something the application does in the background (polling every 5 ms).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(5);
        }
    }
}
