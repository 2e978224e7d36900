namespace IndieGent.Messaging.Tests.Orders;

public sealed record OrderConfirmed(Guid OrderId, string Item);
