using Marten;

namespace IndieGent.Messaging.Outbox;

/// <summary>
/// Names and statements of the inbox and outbox tables, in the service's own Marten schema.
/// Plain tables rather than Marten documents: the relay needs <c>FOR UPDATE SKIP LOCKED</c> and an
/// ever-increasing sequence number, and the inbox an <c>ON CONFLICT</c> claim.
/// </summary>
internal sealed class OutboxTables(IDocumentStore store)
{
    public const string InboxTable = "messaging_inbox";
    public const string OutboxTable = "messaging_outbox";

    // Column order of InsertOutbox; OutboxRow.ToParameters follows it.
    private const string OutboxColumns =
        "deliver_at, token_id, message_id, conversation_id, correlation_id, initiator_id, request_id, " +
        "source_address, destination_address, response_address, fault_address, sent_time, expiration_time, " +
        "content_type, message_type, body, headers, properties";

    public string Schema { get; } = store.Options.DatabaseSchemaName;

    public string Inbox => $"{Schema}.{InboxTable}";

    public string Outbox => $"{Schema}.{OutboxTable}";

    /// <summary>
    /// Claims a message for a consumer. A concurrent transaction holding the same key makes this
    /// wait for its outcome: committed, the claim inserts nothing (a duplicate); rolled back, it
    /// inserts.
    /// </summary>
    public string ClaimInbox =>
        $"INSERT INTO {Inbox} (message_id, consumer_id, consumed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

    /// <summary>
    /// For Marten's <c>QueueSqlCommand</c>, which takes <c>?</c> placeholders. It sends a null
    /// without a type (as text), hence the casts.
    /// </summary>
    public string InsertOutbox =>
        $"INSERT INTO {Outbox} ({OutboxColumns}) VALUES (?::timestamptz, ?::uuid, ?::uuid, ?::uuid, ?::uuid, ?::uuid, ?::uuid, " +
        "?::text, ?::text, ?::text, ?::text, ?::timestamptz, ?::timestamptz, ?::text, ?::text, ?::text, ?::text, ?::text)";

    public string CancelScheduled => $"DELETE FROM {Outbox} WHERE token_id = ?";

    public string LockDue =>
        $"SELECT sequence_number, attempts, {OutboxColumns} FROM {Outbox} " +
        "WHERE deliver_at <= $1 ORDER BY sequence_number LIMIT $2 FOR UPDATE SKIP LOCKED";

    public string DeleteSent => $"DELETE FROM {Outbox} WHERE sequence_number = ANY($1)";

    public string Postpone =>
        $"UPDATE {Outbox} SET attempts = attempts + 1, deliver_at = $2, last_error = $3 WHERE sequence_number = $1";

    public string DeleteOldInbox => $"DELETE FROM {Inbox} WHERE consumed_at < $1";
}
