using IndieGent.Testing;
using Npgsql;

namespace IndieGent.Testing.Tests;

/// <summary>A server of a test's own, restarted: every session is cut, the server comes back on the same port, nothing committed is lost.</summary>
public sealed class A_restarted_postgres_server
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cuts_every_session_and_comes_back_with_its_data()
    {
        await using var postgres = await PostgresFixture.StartPrivateAsync();
        Assert.True(postgres.CanRestart, "the local server can be restarted");
        var database = await postgres.CreateDatabaseAsync("restart", Ct);
        await using (var setup = new NpgsqlConnection(database))
        {
            await setup.OpenAsync(Ct);
            await using var create = new NpgsqlCommand("create table kept (id int); insert into kept values (42);", setup);
            await create.ExecuteNonQueryAsync(Ct);
        }

        // Pooling off: the session below is the one the restart cuts.
        var unpooled = new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString;
        await using var open = new NpgsqlConnection(unpooled);
        await open.OpenAsync(Ct);

        await postgres.RestartAsync(Ct);

        await using (var cut = new NpgsqlCommand("select 1", open))
            await Assert.ThrowsAnyAsync<Exception>(() => cut.ExecuteScalarAsync(Ct));
        await using var again = new NpgsqlConnection(unpooled);
        await again.OpenAsync(Ct);
        await using var read = new NpgsqlCommand("select id from kept", again);
        Assert.Equal(42, await read.ExecuteScalarAsync(Ct));
    }
}
