using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Token.Functions;

/// <summary><c>owner()</c>: the account allowed to mint.</summary>
[Function("owner", "address")]
public sealed class OwnerFunction : FunctionMessage;
