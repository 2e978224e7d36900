using MassTransit;
using MassTransit.Context;
using MassTransit.Metadata;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Npgsql;

namespace IndieGent.Messaging.Outbox;

/// <summary>
/// One stored message: everything MassTransit's <see cref="OutboxMessageSendPipe"/> needs to send
/// it again later with the same MessageId, headers and body (the serialized envelope).
/// </summary>
internal sealed class OutboxRow : OutboxMessageContext
{
    // Headers and properties are written and read with one serializer, whichever side stored them.
    private static readonly IObjectDeserializer Json = SystemTextJsonMessageSerializer.Instance;

    private static readonly IReadOnlyDictionary<string, object> NoProperties =
        new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);

    private Headers _headers = EmptyHeaders.Instance;
    private IReadOnlyDictionary<string, object> _properties = NoProperties;

    public long SequenceNumber { get; private init; }

    public int Attempts { get; private init; }

    public DateTimeOffset DeliverAt { get; private init; }

    /// <summary>The scheduling token of a scheduled message; cancelling deletes by it.</summary>
    public Guid? TokenId { get; private init; }

    public Guid MessageId { get; private init; }

    public Guid? ConversationId { get; private init; }

    public Guid? CorrelationId { get; private init; }

    public Guid? InitiatorId { get; private init; }

    public Guid? RequestId { get; private init; }

    public Uri? SourceAddress { get; private init; }

    public Uri DestinationAddress { get; private init; } = null!;

    public Uri? ResponseAddress { get; private init; }

    public Uri? FaultAddress { get; private init; }

    public DateTime SentTime { get; private init; }

    public DateTime? ExpirationTime { get; private init; }

    public string ContentType { get; private init; } = null!;

    public string MessageType { get; private init; } = null!;

    public string Body { get; private init; } = null!;

    public string? HeadersJson { get; private init; }

    public string? PropertiesJson { get; private init; }

    Guid? MessageContext.MessageId => MessageId;

    DateTime? MessageContext.SentTime => SentTime;

    Headers MessageContext.Headers => _headers;

    HostInfo MessageContext.Host => HostMetadataCache.Host;

    IReadOnlyDictionary<string, object> OutboxMessageContext.Properties => _properties;

    /// <summary>
    /// Captures a send that the outbox intercepted. A delayed send (a scheduled message) becomes a
    /// row due later; its transport delay is dropped, because RabbitMQ would need the delayed-exchange
    /// plugin to honour it and the relay already waits for the due time.
    /// </summary>
    public static OutboxRow From<T>(SendContext<T> context, DateTimeOffset now)
        where T : class
    {
        var messageId = context.MessageId ?? throw new MessageException(typeof(T), "The SendContext MessageId must be present");
        var destination = context.DestinationAddress
            ?? throw new MessageException(typeof(T), "The SendContext DestinationAddress must be present");

        string? properties = null;
        if (context is TransportSendContext<T> transport)
        {
            var values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            transport.WritePropertiesTo(values);
            values.Remove("Delay");
            if (values.Count > 0)
                properties = Json.SerializeDictionary(values);
        }

        var delay = context.Delay is { } d && d > TimeSpan.Zero ? d : TimeSpan.Zero;

        return new OutboxRow
        {
            DeliverAt = now + delay,
            TokenId = context.ScheduledMessageId,
            MessageId = messageId,
            ConversationId = context.ConversationId,
            CorrelationId = context.CorrelationId,
            InitiatorId = context.InitiatorId,
            RequestId = context.RequestId,
            SourceAddress = context.SourceAddress,
            DestinationAddress = destination,
            ResponseAddress = context.ResponseAddress,
            FaultAddress = context.FaultAddress,
            SentTime = context.SentTime ?? now.UtcDateTime,
            ExpirationTime = context.TimeToLive is { } ttl ? now.UtcDateTime + ttl : null,
            ContentType = context.ContentType?.ToString() ?? context.Serialization.DefaultContentType.ToString(),
            MessageType = string.Join(";", context.SupportedMessageTypes),
            Body = context.Serializer.GetMessageBody(context).GetString(),
            HeadersJson = Json.SerializeDictionary(WithTraceParent(context.Headers.GetAll())),
            PropertiesJson = properties,
        };
    }

    // The publisher's trace goes with the row, so the relay (which records no span of its own) sends
    // the message as part of the trace that published it: a payment stays one trace.
    private static IEnumerable<KeyValuePair<string, object>> WithTraceParent(IEnumerable<KeyValuePair<string, object>> headers)
    {
        var list = headers.ToList();
        if (System.Diagnostics.Activity.Current?.Id is { } parent && !list.Any(h => h.Key == TraceHeader))
            list.Add(new(TraceHeader, parent));
        return list;
    }

    private const string TraceHeader = "MT-Activity-Id";

    /// <summary>Values in the column order of <see cref="OutboxTables.InsertOutbox"/>.</summary>
    public object?[] ToParameters() =>
    [
        DeliverAt, TokenId, MessageId, ConversationId, CorrelationId, InitiatorId, RequestId,
        SourceAddress?.ToString(), DestinationAddress.ToString(), ResponseAddress?.ToString(), FaultAddress?.ToString(),
        new DateTimeOffset(DateTime.SpecifyKind(SentTime, DateTimeKind.Utc)),
        ExpirationTime is { } expiration ? new DateTimeOffset(DateTime.SpecifyKind(expiration, DateTimeKind.Utc)) : null,
        ContentType, MessageType, Body, HeadersJson, PropertiesJson,
    ];

    /// <summary>Reads a row selected by <see cref="OutboxTables.LockDue"/>.</summary>
    public static OutboxRow Read(NpgsqlDataReader reader)
    {
        var row = new OutboxRow
        {
            SequenceNumber = reader.GetInt64(0),
            Attempts = reader.GetInt32(1),
            DeliverAt = reader.GetFieldValue<DateTimeOffset>(2),
            TokenId = NullableGuid(reader, 3),
            MessageId = reader.GetGuid(4),
            ConversationId = NullableGuid(reader, 5),
            CorrelationId = NullableGuid(reader, 6),
            InitiatorId = NullableGuid(reader, 7),
            RequestId = NullableGuid(reader, 8),
            SourceAddress = NullableUri(reader, 9),
            DestinationAddress = new Uri(reader.GetString(10)),
            ResponseAddress = NullableUri(reader, 11),
            FaultAddress = NullableUri(reader, 12),
            SentTime = reader.GetFieldValue<DateTimeOffset>(13).UtcDateTime,
            ExpirationTime = reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14).UtcDateTime,
            ContentType = reader.GetString(15),
            MessageType = reader.GetString(16),
            Body = reader.GetString(17),
            HeadersJson = reader.IsDBNull(18) ? null : reader.GetString(18),
            PropertiesJson = reader.IsDBNull(19) ? null : reader.GetString(19),
        };

        if (Json.DeserializeDictionary<object?>(row.HeadersJson) is { } headers)
            row._headers = new DictionarySendHeaders(headers!);
        if (Json.DeserializeDictionary<object>(row.PropertiesJson) is { } properties)
            row._properties = properties;
        return row;
    }

    private static Guid? NullableGuid(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);

    private static Uri? NullableUri(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new Uri(reader.GetString(ordinal));
}
