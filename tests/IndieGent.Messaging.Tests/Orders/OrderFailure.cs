namespace IndieGent.Messaging.Tests.Orders;

/// <summary>How <see cref="PlaceOrderConsumer"/> fails after it stored and published.</summary>
public enum OrderFailure
{
    None,
    ThrowAfterPublishing,
    SaveThenThrow,
}
