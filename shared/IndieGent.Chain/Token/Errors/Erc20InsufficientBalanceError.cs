using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>ERC20InsufficientBalance</c>: The sender holds less than the amount moved.</summary>
[Error("ERC20InsufficientBalance")]
public sealed class Erc20InsufficientBalanceError
{
    [Parameter("address", "sender", 1)]
    public string Sender { get; set; } = string.Empty;

    [Parameter("uint256", "balance", 2)]
    public BigInteger Balance { get; set; }

    [Parameter("uint256", "needed", 3)]
    public BigInteger Needed { get; set; }
}
