using Npgsql;

namespace IndieGent.Messaging.Tests.Support;

/// <summary>Direct SQL against a test class's database, to see what was (not) committed.</summary>
public sealed class Database(string connectionString)
{
    public const string Schema = "messaging";

    public async Task<long> CountAsync(string sqlFromWhere, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"SELECT count(*) {sqlFromWhere}", connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    public Task<long> OutboxRowsAsync() => CountAsync($"FROM {Schema}.messaging_outbox");

    public Task<long> InboxRowsAsync(Guid messageId) => CountAsync($"FROM {Schema}.messaging_inbox WHERE message_id = $1", messageId);

    public async Task<long> EventsAsync(Guid streamId)
    {
        try
        {
            return await CountAsync($"FROM {Schema}.mt_events WHERE stream_id = $1", streamId);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Marten creates the event tables with the first event: none were ever stored.
            return 0;
        }
    }

    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var value = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return value is null or DBNull ? default : (T)value;
    }
}
