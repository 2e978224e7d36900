using System.Reflection;
using Xunit;
using Xunit.v3;

namespace IndieGent.Testing.Servers;

/// <summary>
/// Starts the servers of all the assembly fixtures a test assembly declares together. xunit
/// creates and initializes assembly fixtures one after the other, and RabbitMQ alone takes
/// seconds to boot; so the first of our fixtures to initialize starts the servers of the others
/// in the background, and each fixture then takes its server from here instead of starting one.
/// </summary>
/// <remarks>
/// A server started here that no fixture takes (its fixture failed first) is still stopped when
/// the test process exits: local servers by their reaper, containers by Testcontainers' Ryuk.
/// </remarks>
internal static class Prestart
{
    private static readonly Dictionary<Type, Func<CancellationToken, Task<IAsyncDisposable>>> Starters = new()
    {
        [typeof(AnvilFixture)] = async cancellationToken => await AnvilServer.StartAsync(cancellationToken),
        [typeof(PostgresFixture)] = async cancellationToken => await PostgresServers.StartAsync(cancellationToken),
        [typeof(RabbitMqFixture)] = async cancellationToken => await RabbitMqServers.StartAsync(cancellationToken),
    };

    private static readonly Lock Gate = new();
    private static readonly Dictionary<Type, Task<IAsyncDisposable>> Pending = [];
    private static bool _begun;

    /// <summary>The server for <paramref name="fixtureType"/>: started ahead, or now.</summary>
    public static async Task<TServer> TakeAsync<TServer>(Type fixtureType, CancellationToken cancellationToken)
        where TServer : class, IAsyncDisposable
    {
        Task<IAsyncDisposable>? server;
        lock (Gate)
        {
            if (!_begun)
            {
                _begun = true;
                foreach (var other in DeclaredAssemblyFixtures().Where(type => type != fixtureType))
                {
                    if (Starters.TryGetValue(other, out var start))
                    {
                        // Not tied to this caller's token: the server belongs to another fixture.
                        Pending[other] = Task.Run(() => start(CancellationToken.None));
                    }
                }
            }

            Pending.Remove(fixtureType, out server);
        }

        server ??= Starters[fixtureType](cancellationToken);
        return (TServer)await server.WaitAsync(cancellationToken);
    }

    private static IEnumerable<Type> DeclaredAssemblyFixtures()
    {
        var assembly = (TestContext.Current.TestAssembly as IXunitTestAssembly)?.Assembly ?? Assembly.GetEntryAssembly();
        return assembly?.GetCustomAttributes().OfType<IAssemblyFixtureAttribute>().Select(a => a.AssemblyFixtureType) ?? [];
    }
}
