namespace IndieGent.Messaging.Tests.Orders;

public sealed record ReserveFunds(Guid OrderId);
