using Npgsql;

namespace IndieGent.Payments.AspNetCore;

/// <summary>
/// The replay store shared by every instance: one PostgreSQL table of proofs, claims by primary key; and one of x402
/// payment ids with their answers.
/// </summary>
/// <param name="dataSource">The database.</param>
/// <param name="schema">The schema of the table (created when missing).</param>
public sealed class PostgresPaymentReplayStore(NpgsqlDataSource dataSource, string schema = "payments") : IPaymentReplayStore
{
    private readonly string _table = $"\"{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\".payment_proofs";
    private readonly string _ids = $"\"{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\".payment_identifiers";
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

    /// <inheritdoc />
    public async Task<IdentifiedPayment> BeginIdentifiedAsync(string id, string fingerprint, TimeSpan lease, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            await using (var insert = dataSource.CreateCommand(
                             $"INSERT INTO {_ids} (id, fingerprint, started_at) VALUES ($1, $2, now()) ON CONFLICT (id) DO NOTHING"))
            {
                insert.Parameters.Add(new() { Value = id });
                insert.Parameters.Add(new() { Value = fingerprint });
                if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                    return new IdentifiedPayment(IdentifiedPaymentState.New);
            }

            await using var read = dataSource.CreateCommand(
                $"SELECT fingerprint, started_at, answered_at IS NOT NULL, status, content_type, body, protocol, reference, payer, " +
                $"now() - started_at >= $2 FROM {_ids} WHERE id = $1");
            read.Parameters.Add(new() { Value = id });
            read.Parameters.Add(new() { Value = lease });
            DateTime startedAt;
            await using (var row = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!await row.ReadAsync(cancellationToken).ConfigureAwait(false))
                    continue; // abandoned in between: try again
                if (row.GetString(0) != fingerprint)
                    return new IdentifiedPayment(IdentifiedPaymentState.Conflict);
                if (row.GetBoolean(2))
                {
                    return new IdentifiedPayment(IdentifiedPaymentState.Answered, new RememberedAnswer(row.GetInt32(3),
                        row.IsDBNull(4) ? null : row.GetString(4), row.IsDBNull(5) ? null : (byte[])row[5], row.GetString(6), row.GetString(7),
                        row.IsDBNull(8) ? null : row.GetString(8)));
                }

                if (!row.GetBoolean(9))
                    return new IdentifiedPayment(IdentifiedPaymentState.InProgress);
                startedAt = row.GetDateTime(1);
            }

            // Its request outlived its lease (the instance died): taken over by exactly one request.
            await using var takeOver = dataSource.CreateCommand(
                $"UPDATE {_ids} SET started_at = now() WHERE id = $1 AND answered_at IS NULL AND started_at = $2");
            takeOver.Parameters.Add(new() { Value = id });
            takeOver.Parameters.Add(new() { Value = startedAt });
            if (await takeOver.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                return new IdentifiedPayment(IdentifiedPaymentState.New);
        }
    }

    /// <inheritdoc />
    public async Task CompleteIdentifiedAsync(string id, RememberedAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await using var command = dataSource.CreateCommand(
            $"UPDATE {_ids} SET answered_at = now(), status = $2, content_type = $3, body = $4, protocol = $5, reference = $6, payer = $7 WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = answer.Status });
        command.Parameters.Add(new() { Value = (object?)answer.ContentType ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)answer.Body ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bytea });
        command.Parameters.Add(new() { Value = answer.Protocol });
        command.Parameters.Add(new() { Value = answer.TransactionHash });
        command.Parameters.Add(new() { Value = (object?)answer.Payer ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task AbandonIdentifiedAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"DELETE FROM {_ids} WHERE id = $1 AND answered_at IS NULL");
        command.Parameters.Add(new() { Value = id });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ForgetIdentifiedAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await using var command = dataSource.CreateCommand($"DELETE FROM {_ids} WHERE answered_at < $1");
        command.Parameters.Add(new() { Value = before });
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
                $"ALTER TABLE {_table} ADD COLUMN IF NOT EXISTS parked_at timestamptz; " +
                $"CREATE TABLE IF NOT EXISTS {_ids} (id text PRIMARY KEY, fingerprint text NOT NULL, started_at timestamptz NOT NULL, " +
                "answered_at timestamptz, status integer, content_type text, body bytea, protocol text, reference text, payer text)");
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
