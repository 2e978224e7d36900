using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Permit2.Functions;

/// <summary><c>DOMAIN_SEPARATOR()</c>: Permit2's EIP-712 domain separator for the current chain and its address.</summary>
[Function("DOMAIN_SEPARATOR", "bytes32")]
public sealed class Permit2DomainSeparatorFunction : FunctionMessage;
