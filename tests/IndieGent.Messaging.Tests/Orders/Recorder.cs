using System.Collections.Concurrent;
using MassTransit;

namespace IndieGent.Messaging.Tests.Orders;

/// <summary>What the test consumers received, with the ids and headers the broker delivered.</summary>
public sealed class Recorder
{
    private readonly ConcurrentQueue<Delivery> _deliveries = new();

    public IReadOnlyList<Delivery> Deliveries => [.. _deliveries];

    public IReadOnlyList<Delivery> Of<T>(Func<T, bool> predicate) =>
        [.. _deliveries.Where(d => d.Message is T message && predicate(message))];

    public void Record<T>(ConsumeContext<T> context)
        where T : class =>
        _deliveries.Enqueue(new Delivery(context.Message, context.MessageId, context.Headers.ToDictionary(h => h.Key, h => h.Value)));

    public sealed record Delivery(object Message, Guid? MessageId, IReadOnlyDictionary<string, object> Headers);
}
