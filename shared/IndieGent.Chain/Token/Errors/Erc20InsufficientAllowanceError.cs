using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>ERC20InsufficientAllowance</c>: The spender's allowance is less than the amount moved.</summary>
[Error("ERC20InsufficientAllowance")]
public sealed class Erc20InsufficientAllowanceError
{
    [Parameter("address", "spender", 1)]
    public string Spender { get; set; } = string.Empty;

    [Parameter("uint256", "allowance", 2)]
    public BigInteger Allowance { get; set; }

    [Parameter("uint256", "needed", 3)]
    public BigInteger Needed { get; set; }
}
