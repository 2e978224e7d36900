using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.X402.Errors;

/// <summary>x402 Permit2 proxy custom error <c>InvalidAmount()</c>: The settlement amount is 0 (<c>upto</c>: the amount settled; <c>exact</c>: the permitted amount). Not Permit2's <c>InvalidAmount(uint256)</c>, which has another selector.</summary>
[Error("InvalidAmount")]
public sealed class InvalidAmountError;
