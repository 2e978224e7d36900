using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace IndieGent.Messaging.Outbox;

/// <summary>
/// Adds the inbox and outbox tables to the service's Marten schema, so Marten creates and migrates
/// them with everything else at start-up.
/// </summary>
internal sealed class MessagingSchema : IConfigureMarten
{
    public void Configure(IServiceProvider services, StoreOptions options)
    {
        var schema = options.DatabaseSchemaName;

        var inbox = new Table(new PostgresqlObjectName(schema, OutboxTables.InboxTable, SchemaUtils.IdentifierUsage.General));
        inbox.AddColumn<Guid>("message_id").AsPrimaryKey();
        inbox.AddColumn<Guid>("consumer_id").AsPrimaryKey();
        inbox.AddColumn("consumed_at", "timestamp with time zone").NotNull().AddIndex();
        options.Storage.ExtendedSchemaObjects.Add(inbox);

        var outbox = new Table(new PostgresqlObjectName(schema, OutboxTables.OutboxTable, SchemaUtils.IdentifierUsage.General));
        outbox.AddColumn<long>("sequence_number").AsPrimaryKey().BigAutoIncrement();
        outbox.AddColumn("deliver_at", "timestamp with time zone").NotNull().AddIndex();
        outbox.AddColumn<Guid>("token_id").AllowNulls().AddIndex();
        outbox.AddColumn<Guid>("message_id").NotNull();
        outbox.AddColumn<Guid>("conversation_id").AllowNulls();
        outbox.AddColumn<Guid>("correlation_id").AllowNulls();
        outbox.AddColumn<Guid>("initiator_id").AllowNulls();
        outbox.AddColumn<Guid>("request_id").AllowNulls();
        outbox.AddColumn("source_address", "text").AllowNulls();
        outbox.AddColumn("destination_address", "text").NotNull();
        outbox.AddColumn("response_address", "text").AllowNulls();
        outbox.AddColumn("fault_address", "text").AllowNulls();
        outbox.AddColumn("sent_time", "timestamp with time zone").NotNull();
        outbox.AddColumn("expiration_time", "timestamp with time zone").AllowNulls();
        outbox.AddColumn("content_type", "text").NotNull();
        outbox.AddColumn("message_type", "text").NotNull();
        outbox.AddColumn("body", "text").NotNull();
        outbox.AddColumn("headers", "text").AllowNulls();
        outbox.AddColumn("properties", "text").AllowNulls();
        outbox.AddColumn<int>("attempts").NotNull().DefaultValue(0);
        outbox.AddColumn("last_error", "text").AllowNulls();
        options.Storage.ExtendedSchemaObjects.Add(outbox);
    }
}
