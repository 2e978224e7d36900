using System.Collections.Concurrent;
using Npgsql;

namespace IndieGent.Payments.AspNetCore;

/// <summary>
/// Remembers every proof the server accepted, so each settles at most once: a claim is atomic, and
/// only the first of any number of concurrent claims of one key wins.
/// </summary>
public interface IPaymentReplayStore
{
    /// <summary>
    /// Whether claims outlive the process. Proofs the chain itself refuses a second time (an authorization's
    /// nonce, a transaction's) need no more; a <c>hash</c> proof is single-use only by this store, so the
    /// server refuses to start with <c>hash</c> credentials (or the older dialect) on a store that is not.
    /// </summary>
    bool IsDurable { get; }

    /// <summary>Claims <paramref name="key"/> for a settlement about to start.</summary>
    /// <param name="key">The proof's identity (signer and nonce, or transaction hash).</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns><see langword="true"/> for the first claim ever; <see langword="false"/> when the proof was used.</returns>
    Task<bool> TryClaimAsync(string key, CancellationToken cancellationToken);

    /// <summary>Records the settlement of a claimed key.</summary>
    /// <param name="key">The claimed key.</param>
    /// <param name="reference">The settling transaction.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task CompleteAsync(string key, string reference, CancellationToken cancellationToken);

    /// <summary>Gives a claim back after a settlement that certainly did not happen (the chain was unreachable).</summary>
    /// <param name="key">The claimed key.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task ReleaseAsync(string key, CancellationToken cancellationToken);
}

/// <summary>
/// The replay store of a single instance: process memory, lost on restart, when the chain itself still refuses
/// reused authorizations and transactions. Not durable: not for <c>hash</c> credentials or the older dialect.
/// </summary>
public sealed class InMemoryPaymentReplayStore : IPaymentReplayStore
{
    private readonly ConcurrentDictionary<string, string?> _claims = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public bool IsDurable => false;

    /// <inheritdoc />
    public Task<bool> TryClaimAsync(string key, CancellationToken cancellationToken) => Task.FromResult(_claims.TryAdd(key, null));

    /// <inheritdoc />
    public Task CompleteAsync(string key, string reference, CancellationToken cancellationToken)
    {
        _claims[key] = reference;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        _claims.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}

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
            await using var command = dataSource.CreateCommand(
                $"CREATE SCHEMA IF NOT EXISTS \"{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\"; " +
                $"CREATE TABLE IF NOT EXISTS {_table} (key text PRIMARY KEY, reference text, claimed_at timestamptz NOT NULL, settled_at timestamptz)");
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema
                                                  or PostgresErrorCodes.DuplicateTable)
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
