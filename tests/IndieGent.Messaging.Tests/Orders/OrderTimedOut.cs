namespace IndieGent.Messaging.Tests.Orders;

public sealed record OrderTimedOut(Guid OrderId);
