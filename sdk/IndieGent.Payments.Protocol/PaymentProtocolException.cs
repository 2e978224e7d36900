namespace IndieGent.Payments.Protocol;

/// <summary>
/// The only exception type the protocol core throws for untrusted input or unformattable values.
/// Messages never echo the input (credentials are bearer secrets); <see cref="Field"/> names the
/// offending parameter or JSON member when there is one.
/// </summary>
public sealed class PaymentProtocolException : Exception
{
    /// <summary>Creates an exception with a stable code and a human-readable message.</summary>
    /// <param name="code">The stable reason code.</param>
    /// <param name="message">A message that does not contain the rejected input.</param>
    /// <param name="field">The parameter or JSON member concerned, if any.</param>
    public PaymentProtocolException(PaymentProtocolErrorCode code, string message, string? field = null)
        : base(message)
    {
        Code = code;
        Field = field;
    }

    /// <summary>Creates an exception that wraps a lower-level parsing failure.</summary>
    /// <param name="code">The stable reason code.</param>
    /// <param name="message">A message that does not contain the rejected input.</param>
    /// <param name="field">The parameter or JSON member concerned, if any.</param>
    /// <param name="innerException">The failure reported by the BCL parser.</param>
    public PaymentProtocolException(PaymentProtocolErrorCode code, string message, string? field, Exception innerException)
        : base(message, innerException)
    {
        Code = code;
        Field = field;
    }

    /// <summary>The stable reason code.</summary>
    public PaymentProtocolErrorCode Code { get; }

    /// <summary>The parameter or JSON member concerned, if any.</summary>
    public string? Field { get; }
}
