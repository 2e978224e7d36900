using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Token.Functions;

/// <summary><c>DOMAIN_SEPARATOR()</c>: the EIP-712 domain separator for the current chain.</summary>
[Function("DOMAIN_SEPARATOR", "bytes32")]
public sealed class DomainSeparatorFunction : FunctionMessage;
