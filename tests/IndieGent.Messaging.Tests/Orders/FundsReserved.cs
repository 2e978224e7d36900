namespace IndieGent.Messaging.Tests.Orders;

public sealed record FundsReserved(Guid OrderId);
