using MassTransit;

namespace IndieGent.Messaging.Tests.Orders;

/// <summary>The saga instance, stored as a Marten document.</summary>
public sealed class OrderState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public List<string> Items { get; set; } = [];

    /// <summary>The pending timeout's scheduling token (MassTransit sets and clears it).</summary>
    public Guid? TimeoutTokenId { get; set; }

    /// <summary>The <c>MT-Scheduling-TokenId</c> header of the timeout that arrived.</summary>
    public Guid? ReceivedTimeoutTokenId { get; set; }
}
