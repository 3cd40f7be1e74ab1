using System.Collections.Concurrent;
using System.Net.Sockets;

namespace MovieDiscovery.Api.Tests.Reliability.Support;

public enum ProxyMode
{
    /// <summary>Forwards bytes both ways as they come.</summary>
    PassThrough,

    /// <summary>Forwards, but holds every chunk from the server for <see cref="FaultProxy.Delay"/> first.</summary>
    Delay,

    /// <summary>Closes every open connection, and every new one as soon as it is accepted.</summary>
    Drop,

    /// <summary>Accepts new connections and never forwards them; open connections stop forwarding (a partition).</summary>
    BlackHole,
}

/// <summary>
/// A TCP proxy in front of the database, to be switched at run time between passing traffic, delaying
/// it, dropping connections and black-holing them. Open connections frozen by a black hole resume when
/// the mode goes back to pass-through or delay; connections accepted while black-holed never reach the server.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, Link> _links = new();
    private readonly Task _acceptLoop;
    private TaskCompletionSource _modeChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ProxyMode _mode = ProxyMode.PassThrough;
    private int _nextLink;
    private long _chunksToServer;
    private int _accepted;

    public FaultProxy(string upstreamHost, int upstreamPort)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    public ProxyMode Mode => _mode;

    /// <summary>How long each chunk from the server is held in <see cref="ProxyMode.Delay"/>.</summary>
    public TimeSpan Delay { get; private set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Chunks forwarded from clients to the server: tells that queries reached it.</summary>
    public long ChunksToServer => Interlocked.Read(ref _chunksToServer);

    public int Accepted => Volatile.Read(ref _accepted);

    public int OpenLinks => _links.Count;

    public void SetMode(ProxyMode mode, TimeSpan? delay = null)
    {
        if (delay is { } value)
        {
            Delay = value;
        }

        _mode = mode;
        if (mode == ProxyMode.Drop)
        {
            foreach (var link in _links.Values)
            {
                link.Close();
            }
        }

        Interlocked.Exchange(ref _modeChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        foreach (var link in _links.Values)
        {
            link.Close();
        }

        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException or TimeoutException)
        {
            // Stopping.
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            Interlocked.Increment(ref _accepted);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var id = Interlocked.Increment(ref _nextLink);
        using var link = new Link(client, _stopping.Token);
        _links[id] = link;
        try
        {
            switch (_mode)
            {
                case ProxyMode.Drop:
                    return;
                case ProxyMode.BlackHole:
                    // Accept, read and discard until the client gives up; never reach the server.
                    var sink = new byte[4096];
                    while (await client.GetStream().ReadAsync(sink, link.Token) > 0)
                    {
                    }

                    return;
            }

            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(link.Token);
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(5));
            await link.Server.ConnectAsync(_upstreamHost, _upstreamPort, connectTimeout.Token);
            var toServer = PumpAsync(client.GetStream(), link.Server.GetStream(), toClient: false, link.Token);
            var toClient = PumpAsync(link.Server.GetStream(), client.GetStream(), toClient: true, link.Token);
            await Task.WhenAny(toServer, toClient);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A closed end, a drop or the proxy stopping: the link is over.
        }
        finally
        {
            _links.TryRemove(id, out _);
            link.Close();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool toClient, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                while (_mode == ProxyMode.BlackHole)
                {
                    await _modeChanged.Task.WaitAsync(cancellationToken);
                }

                if (_mode == ProxyMode.Drop)
                {
                    return;
                }

                if (toClient && _mode == ProxyMode.Delay)
                {
                    await Task.Delay(Delay, cancellationToken);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                if (!toClient)
                {
                    Interlocked.Increment(ref _chunksToServer);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either end closed, or the link was dropped.
        }
    }

    /// <summary>One proxied connection: the client's socket, the server's, and a token that ends both.</summary>
    private sealed class Link(TcpClient client, CancellationToken stopping) : IDisposable
    {
        private readonly CancellationTokenSource _closed = CancellationTokenSource.CreateLinkedTokenSource(stopping);

        public TcpClient Server { get; } = new();

        public CancellationToken Token => _closed.Token;

        public void Close()
        {
            try
            {
                _closed.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already disposed.
            }

            client.Close();
            Server.Close();
        }

        public void Dispose()
        {
            Close();
            _closed.Dispose();
            client.Dispose();
            Server.Dispose();
        }
    }
}
