using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace IndieGent.Testing;

/// <summary>Free TCP ports on the loopback interface, for servers the tests start.</summary>
public static class FreePort
{
    // Below the kernel's ephemeral range: outgoing connections (thousands of them in a test run,
    // from every test process at once) take their local ports from that range, so a port chosen
    // there can be taken between our probe and the server's bind.
    private const int FallbackLow = 20000;
    private static readonly HashSet<int> Handed = [];

    /// <summary>
    /// A port that nothing listens on at the time of the call, outside the kernel's ephemeral
    /// range and not handed out before in this process. Another process could still take it
    /// before the server binds it; <see cref="StartAsync{T}"/> then tries again with another port.
    /// </summary>
    public static int Next()
    {
        var (ephemeralLow, _) = EphemeralRange();
        var high = Math.Max(ephemeralLow, FallbackLow + 1000);
        var low = Math.Min(FallbackLow, high - 1000);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(low, high);
            lock (Handed)
            {
                if (Handed.Contains(port) || !CanBind(port))
                    continue;
                Handed.Add(port);
                return port;
            }
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>
    /// Starts a server on a fresh port, and on another one when the first was taken in between
    /// (the server's failure says the address is in use): at most three attempts.
    /// </summary>
    public static async Task<T> StartAsync<T>(Func<int, Task<T>> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(Next());
            }
            catch (Exception e) when (attempt < 3 && IsAddressInUse(e))
            {
                // Another process bound the port first: choose again.
            }
        }
    }

    /// <summary>A server's failure to bind because the address is in use (the exception or one it wraps).</summary>
    public static bool IsAddressInUse(Exception e) =>
        (e.InnerException is { } inner && IsAddressInUse(inner)) ||
        e.Message.Contains("eaddrinuse", StringComparison.OrdinalIgnoreCase) ||
        e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) ||
        e.Message.Contains("could not bind", StringComparison.OrdinalIgnoreCase);

    private static bool CanBind(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (32768, 60999);
        }
    }
}
