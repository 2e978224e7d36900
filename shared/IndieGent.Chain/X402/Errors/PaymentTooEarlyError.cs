using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.X402.Errors;

/// <summary>x402 Permit2 proxy custom error <c>PaymentTooEarly()</c>: The block timestamp is before the witness's <c>validAfter</c>.</summary>
[Error("PaymentTooEarly")]
public sealed class PaymentTooEarlyError;
