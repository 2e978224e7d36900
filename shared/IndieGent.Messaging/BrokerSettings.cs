using System.ComponentModel.DataAnnotations;

namespace IndieGent.Messaging;

/// <summary>
/// How a service uses the broker (configuration section <c>Messaging</c>, e.g. <c>Messaging__PrefetchCount</c>): the queue
/// type of its durable queues, how many unacknowledged messages it takes at once, and the connection's timeouts. Publisher
/// confirms are always on: a publish returns only once the broker has the message.
/// </summary>
public sealed class BrokerSettings
{
    /// <summary>The configuration section, <c>Messaging</c>.</summary>
    public const string Section = "Messaging";

    /// <summary>
    /// <see cref="BrokerQueueType.Quorum"/> (the default): every durable receive queue is a quorum queue, replicated across a
    /// RabbitMQ cluster's nodes and kept through a node's loss. Temporary queues (a Gateway instance's status queue, each bus's
    /// reply queue) stay classic: a quorum queue cannot be deleted with its consumer. <see cref="BrokerQueueType.Classic"/>
    /// only for a broker that predates quorum queues (RabbitMQ before 3.8).
    /// </summary>
    public BrokerQueueType QueueType { get; set; } = BrokerQueueType.Quorum;

    /// <summary>
    /// Unacknowledged messages each receive endpoint takes at once (RabbitMQ's prefetch); null: MassTransit's default, twice the
    /// processor count up to 16. Size it per service: an endpoint whose consumer waits on the database or the chain gains from
    /// more; one whose work contends (the Ledger's saga appends to one account stream) from fewer.
    /// </summary>
    [Range(1, 1000)]
    public int? PrefetchCount { get; set; }

    /// <summary>Messages each receive endpoint consumes at once; null: as many as it prefetches.</summary>
    [Range(1, 1000)]
    public int? ConcurrentMessageLimit { get; set; }

    /// <summary>The AMQP heartbeat: a broker (or a load balancer) that stops answering is noticed within about twice this.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest a connection attempt waits before the bus tries again.</summary>
    public TimeSpan ConnectionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
            throw new InvalidOperationException($"The {Section} settings are invalid: {string.Join(" ", results.Select(r => r.ErrorMessage))}");
        if (Heartbeat < TimeSpan.FromSeconds(1) || Heartbeat > TimeSpan.FromMinutes(5) ||
            ConnectionTimeout < TimeSpan.FromSeconds(1) || ConnectionTimeout > TimeSpan.FromMinutes(2))
            throw new InvalidOperationException($"{Section}:Heartbeat lies between 1 s and 5 min, {Section}:ConnectionTimeout between 1 s and 2 min.");
    }
}

/// <summary>The RabbitMQ queue type of a service's durable receive queues.</summary>
public enum BrokerQueueType
{
    /// <summary>Replicated over a cluster's nodes (RabbitMQ 3.8 and later).</summary>
    Quorum,

    /// <summary>On one node.</summary>
    Classic,
}
