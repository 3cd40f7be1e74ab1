using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace MovieDiscovery.Api.Tests.Infrastructure;

/// <summary>
/// The in-process test server has no sockets, so no peer address. A test names the address a connection
/// would come from with <see cref="Header"/>, read (and removed) before the application's own pipeline
/// runs, so the application sees it exactly as Kestrel would give it. Test host only.
/// </summary>
public sealed class TestPeerAddress : IStartupFilter
{
    public const string Header = "X-Test-Peer-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.Remove(Header, out var value) && IPAddress.TryParse(value, out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}

public static class TestPeerAddressExtensions
{
    /// <summary>A client whose connections come from <paramref name="peer"/> (a loopback address).</summary>
    public static HttpClient ClientFrom(this ApiFactory factory, string peer, string? forwardedFor = null)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(TestPeerAddress.Header, peer);
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        return client;
    }
}
