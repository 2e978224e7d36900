using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Permit2.Functions;

// The ABI tuples of Permit2's SignatureTransfer, member order as in the contract's structs.

/// <summary>The tuple <c>TokenPermissions(address token, uint256 amount)</c>.</summary>
public sealed class TokenPermissionsTuple
{
    [Parameter("address", "token", 1)]
    public string Token { get; set; } = string.Empty;

    [Parameter("uint256", "amount", 2)]
    public BigInteger Amount { get; set; }
}

/// <summary>The tuple <c>PermitTransferFrom(TokenPermissions permitted, uint256 nonce, uint256 deadline)</c>.</summary>
public sealed class PermitTransferFromTuple
{
    [Parameter("tuple", "permitted", 1)]
    public TokenPermissionsTuple Permitted { get; set; } = new();

    [Parameter("uint256", "nonce", 2)]
    public BigInteger Nonce { get; set; }

    [Parameter("uint256", "deadline", 3)]
    public BigInteger Deadline { get; set; }
}

/// <summary>The tuple <c>PermitBatchTransferFrom(TokenPermissions[] permitted, uint256 nonce, uint256 deadline)</c>.</summary>
public sealed class PermitBatchTransferFromTuple
{
    [Parameter("tuple[]", "permitted", 1)]
    public List<TokenPermissionsTuple> Permitted { get; set; } = [];

    [Parameter("uint256", "nonce", 2)]
    public BigInteger Nonce { get; set; }

    [Parameter("uint256", "deadline", 3)]
    public BigInteger Deadline { get; set; }
}

/// <summary>The tuple <c>SignatureTransferDetails(address to, uint256 requestedAmount)</c>.</summary>
public sealed class SignatureTransferDetailsTuple
{
    [Parameter("address", "to", 1)]
    public string To { get; set; } = string.Empty;

    [Parameter("uint256", "requestedAmount", 2)]
    public BigInteger RequestedAmount { get; set; }
}
