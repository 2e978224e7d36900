namespace IndieGent.Messaging.Tests.Orders;

public sealed record AddItem(Guid OrderId, string Item);
