using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>ERC20InvalidSpender</c>: An allowance cannot be granted to the zero address.</summary>
[Error("ERC20InvalidSpender")]
public sealed class Erc20InvalidSpenderError
{
    [Parameter("address", "spender", 1)]
    public string Spender { get; set; } = string.Empty;
}
