using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Token.Functions;

/// <summary><c>version()</c>: the EIP-712 domain version ("2" for USDC).</summary>
[Function("version", "string")]
public sealed class VersionFunction : FunctionMessage;
