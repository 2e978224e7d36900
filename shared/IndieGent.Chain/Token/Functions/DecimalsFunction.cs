using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Token.Functions;

/// <summary><c>decimals()</c>: 6 for USDC.</summary>
[Function("decimals", "uint8")]
public sealed class DecimalsFunction : FunctionMessage;
