using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace IndieGent.Testing;

/// <summary>
/// A loopback TCP forwarder in front of the broker (or a service), so a test can make it
/// unreachable for one host (and back) without stopping what every other test class shares.
/// Down, it cuts every open connection and closes new ones at once, as a dead server would look
/// to a client; stalled, it accepts new connections and never answers, as a hung one would.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _up = true;
    private volatile bool _stalled;

    /// <summary>Listens on a free loopback port and forwards to <paramref name="host"/>:<paramref name="port"/>.</summary>
    public TcpProxy(string host, int port)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The AMQP URI of <paramref name="amqpUri"/>'s virtual host, through this proxy.</summary>
    public static string Through(TcpProxy proxy, string amqpUri) =>
        new UriBuilder(amqpUri) { Host = "127.0.0.1", Port = proxy.Port }.Uri.AbsoluteUri;

    /// <summary>Cuts every connection and refuses new ones until <see cref="Up"/>.</summary>
    public void Down()
    {
        _up = false;
        foreach (var socket in _open.Keys)
            Close(socket);
    }

    /// <summary>Cuts every connection; new ones are accepted and held without an answer until <see cref="Up"/>.</summary>
    public void Stall()
    {
        _stalled = true;
        foreach (var socket in _open.Keys)
            Close(socket);
    }

    /// <summary>Accepts and forwards connections again (held ones stay unanswered until cut).</summary>
    public void Up()
    {
        _stalled = false;
        _up = true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Down();
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            if (!_up)
            {
                Close(client);
                continue;
            }

            if (_stalled)
            {
                _open.TryAdd(client, 0);
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        // No Nagle on either leg: a forwarder must not add the 40 ms of a delayed ACK to every small
        // frame (a publisher confirm, a consumer ack) that the two ends would exchange at once.
        client.NoDelay = true;
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _open.TryAdd(client, 0);
        _open.TryAdd(server, 0);
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Cut by Down() or by either side: the client sees a dropped connection, which is the point.
        }
        finally
        {
            Close(client);
            Close(server);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, _stop.Token)) > 0)
                await to.SendAsync(buffer.AsMemory(0, read), _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private void Close(Socket socket)
    {
        _open.TryRemove(socket, out _);
        try
        {
            socket.Close(0);
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
