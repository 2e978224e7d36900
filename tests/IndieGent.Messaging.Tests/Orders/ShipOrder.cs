namespace IndieGent.Messaging.Tests.Orders;

public sealed record ShipOrder(Guid OrderId);
