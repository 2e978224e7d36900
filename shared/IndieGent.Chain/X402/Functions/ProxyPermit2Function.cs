using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.X402.Functions;

/// <summary><c>PERMIT2()</c> (both proxies): the Permit2 the proxy is the spender on, set by its constructor.</summary>
[Function("PERMIT2", "address")]
public sealed class ProxyPermit2Function : FunctionMessage;
