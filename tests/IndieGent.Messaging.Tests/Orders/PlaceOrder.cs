namespace IndieGent.Messaging.Tests.Orders;

/// <summary>Command: a consumer appends <see cref="OrderPlaced"/> and publishes <see cref="OrderConfirmed"/>.</summary>
public sealed record PlaceOrder(Guid OrderId, string Item, OrderFailure Failure = OrderFailure.None);
