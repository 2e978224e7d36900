using Npgsql;

namespace IndieGent.Testing.Tests;

public sealed class A_database_from_the_postgres_fixture(PostgresFixture postgres)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stores_rows_and_reads_them_back()
    {
        await using var connection = new NpgsqlConnection(await postgres.CreateDatabaseAsync(cancellationToken: Cancellation));
        await connection.OpenAsync(Cancellation);

        await Execute(connection, "CREATE TABLE agents (id int PRIMARY KEY, name text NOT NULL)");
        await Execute(connection, "INSERT INTO agents VALUES (1, 'scout'), (2, 'buyer')");

        await using var select = new NpgsqlCommand("SELECT name FROM agents ORDER BY id", connection);
        await using var reader = await select.ExecuteReaderAsync(Cancellation);
        var names = new List<string>();
        while (await reader.ReadAsync(Cancellation))
            names.Add(reader.GetString(0));
        Assert.Equal(["scout", "buyer"], names);
    }

    [Fact]
    public async Task Starts_empty_and_does_not_see_the_tables_of_another_database()
    {
        await using var first = new NpgsqlConnection(await postgres.CreateDatabaseAsync(cancellationToken: Cancellation));
        await using var second = new NpgsqlConnection(await postgres.CreateDatabaseAsync(cancellationToken: Cancellation));
        await first.OpenAsync(Cancellation);
        await second.OpenAsync(Cancellation);

        await Execute(first, "CREATE TABLE ledger (id int)");

        Assert.Equal(1L, await Scalar(first, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
        Assert.Equal(0L, await Scalar(second, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task Is_named_after_the_prefix_with_a_random_suffix()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(
            await postgres.CreateDatabaseAsync("Wallet Tests!", Cancellation));
        await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync(Cancellation);

        var name = (string?)await Scalar(connection, "SELECT current_database()");

        Assert.Equal(connectionString.Database, name);
        Assert.Matches("^wallettests_[0-9a-f]{12}$", name);
    }

    [Fact]
    public async Task Server_connection_string_names_no_database()
    {
        var server = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);

        Assert.Null(server.Database);
        Assert.Equal("postgres", server.Username);
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(Cancellation);
        Assert.Equal("postgres", await Scalar(connection, "SELECT current_database()"));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Cancellation);
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Cancellation);
    }
}
