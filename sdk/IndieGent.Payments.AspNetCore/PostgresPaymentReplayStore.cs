using Npgsql;

namespace IndieGent.Payments.AspNetCore;

/// <summary>The replay store shared by every instance: one PostgreSQL table, claims by primary key.</summary>
/// <param name="dataSource">The database.</param>
/// <param name="schema">The schema of the table (created when missing).</param>
public sealed class PostgresPaymentReplayStore(NpgsqlDataSource dataSource, string schema = "payments") : IPaymentReplayStore
{
    private readonly string _table = $"\"{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\".payment_proofs";
    private readonly SemaphoreSlim _created = new(1, 1);
    private volatile bool _ready;

    /// <inheritdoc />
    public bool IsDurable => true;

    /// <inheritdoc />
    public async Task<bool> TryClaimAsync(string key, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO {_table} (key, claimed_at) VALUES ($1, now()) ON CONFLICT (key) DO NOTHING");
        command.Parameters.Add(new() { Value = key });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<string?> TryResumeAsync(string key, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await using var command = dataSource.CreateCommand(
            $"UPDATE {_table} SET parked_at = NULL WHERE key = $1 AND parked_at IS NOT NULL RETURNING reference");
        command.Parameters.Add(new() { Value = key });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <inheritdoc />
    public async Task ParkAsync(string key, string transactionHash, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"UPDATE {_table} SET reference = $2, parked_at = now() WHERE key = $1");
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = transactionHash });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task CompleteAsync(string key, string reference, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"UPDATE {_table} SET reference = $2, settled_at = now() WHERE key = $1");
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = reference });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"DELETE FROM {_table} WHERE key = $1 AND reference IS NULL");
        command.Parameters.Add(new() { Value = key });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_ready)
            return;
        await _created.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
                return;
            // parked_at is added to tables created before claims could be parked.
            await using var command = dataSource.CreateCommand(
                $"CREATE SCHEMA IF NOT EXISTS \"{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\"; " +
                $"CREATE TABLE IF NOT EXISTS {_table} (key text PRIMARY KEY, reference text, claimed_at timestamptz NOT NULL, settled_at timestamptz, " +
                "parked_at timestamptz); " +
                $"ALTER TABLE {_table} ADD COLUMN IF NOT EXISTS parked_at timestamptz");
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema
                                                  or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateColumn)
            {
                // Another instance created it at the same moment ("IF NOT EXISTS" is not atomic in PostgreSQL).
            }

            _ready = true;
        }
        finally
        {
            _created.Release();
        }
    }
}
