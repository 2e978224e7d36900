namespace IndieGent.Messaging.Tests.Orders;

/// <summary>Marten event appended by <see cref="PlaceOrderConsumer"/>.</summary>
public sealed record OrderPlaced(Guid OrderId, string Item);
