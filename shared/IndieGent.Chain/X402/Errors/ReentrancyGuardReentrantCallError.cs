using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.X402.Errors;

/// <summary>x402 Permit2 proxy custom error <c>ReentrancyGuardReentrantCall()</c>: A settlement was entered again before the first one finished.</summary>
[Error("ReentrancyGuardReentrantCall")]
public sealed class ReentrancyGuardReentrantCallError;
