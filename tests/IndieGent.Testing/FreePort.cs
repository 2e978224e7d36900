using System.Net;
using System.Net.Sockets;

namespace IndieGent.Testing;

/// <summary>Free TCP ports on the loopback interface, for servers the tests start.</summary>
public static class FreePort
{
    /// <summary>
    /// A port that nothing listens on at the time of the call, chosen by the operating system.
    /// Another process could still take it before the server binds it; the server then fails to
    /// start, loudly, rather than a test talking to the wrong server.
    /// </summary>
    public static int Next()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
