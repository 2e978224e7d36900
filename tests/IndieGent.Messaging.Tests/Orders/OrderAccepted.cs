namespace IndieGent.Messaging.Tests.Orders;

public sealed record OrderAccepted(Guid OrderId);
