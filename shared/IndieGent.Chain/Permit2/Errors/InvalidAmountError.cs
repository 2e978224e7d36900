using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Permit2.Errors;

/// <summary>Permit2 custom error <c>InvalidAmount</c>: The spender requested more than the permit allows for a token.</summary>
[Error("InvalidAmount")]
public sealed class InvalidAmountError
{
    [Parameter("uint256", "maxAmount", 1)]
    public BigInteger MaxAmount { get; set; }
}
