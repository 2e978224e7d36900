namespace IndieGent.Messaging.Tests.Orders;

public sealed record SubmitOrder(Guid OrderId);
