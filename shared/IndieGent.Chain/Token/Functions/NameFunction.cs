using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Token.Functions;

/// <summary><c>name()</c>: the token name, which is also the EIP-712 domain name.</summary>
[Function("name", "string")]
public sealed class NameFunction : FunctionMessage;
