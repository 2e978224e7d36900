using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.X402.Functions;

/// <summary><c>WITNESS_TYPEHASH()</c> (both proxies): keccak256 of the proxy's <c>Witness(…)</c> type.</summary>
[Function("WITNESS_TYPEHASH", "bytes32")]
public sealed class WitnessTypehashFunction : FunctionMessage;
