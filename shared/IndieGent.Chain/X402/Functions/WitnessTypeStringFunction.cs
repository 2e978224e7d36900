using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.X402.Functions;

/// <summary><c>WITNESS_TYPE_STRING()</c> (both proxies): the witness type string the proxy passes to Permit2.</summary>
[Function("WITNESS_TYPE_STRING", "string")]
public sealed class WitnessTypeStringFunction : FunctionMessage;
