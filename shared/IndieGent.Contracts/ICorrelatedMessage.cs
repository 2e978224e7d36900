namespace IndieGent.Contracts;

/// <summary>
/// Every message on the bus belongs to one business flow (a payment, a deposit, a top-up) and
/// carries its id. MassTransit correlates sagas on <see cref="CorrelationId"/>; logs and traces
/// carry it too, so one id follows a payment through every service.
/// </summary>
public interface ICorrelatedMessage
{
    Guid CorrelationId { get; }
}
