using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace IndieGent.Chain.Token.Functions;

/// <summary>EIP-2612 <c>nonces(address holder)</c>: the next permit nonce.</summary>
[Function("nonces", "uint256")]
public sealed class NoncesFunction : FunctionMessage
{
    [Parameter("address", "holder", 1)]
    public string Holder { get; set; } = string.Empty;
}
