using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Token.Functions;

/// <summary><c>symbol()</c>.</summary>
[Function("symbol", "string")]
public sealed class SymbolFunction : FunctionMessage;
