using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Tests.Infrastructure;

/// <summary>
/// The application behind a real Kestrel on a free loopback port, over SQLite: for what only the server's own
/// parsing and framing show (raw bytes in a request head, HEAD answers on the wire). <c>CreateClient()</c>
/// talks to it over TCP; <see cref="SendRawAsync"/> sends bytes no HTTP client would.
/// </summary>
public sealed class KestrelApiFactory : ApiFactory
{
    public KestrelApiFactory() => UseKestrel(0);

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>Where the server listens.</summary>
    public Uri Address => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    protected override Task<string> CreateDatabaseAsync() => NewDatabaseAsync(Provider);

    protected override void Start() => StartServer();

    /// <summary>Sends <paramref name="request"/> as is on a new connection and returns everything the server answers until it closes.</summary>
    public async Task<string> SendRawAsync(byte[] request)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(Address.Host, Address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        using var answer = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.CopyToAsync(answer, timeout.Token);
        return System.Text.Encoding.Latin1.GetString(answer.ToArray());
    }
}
