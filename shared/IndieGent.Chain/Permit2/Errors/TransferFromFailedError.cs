using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Permit2.Errors;

/// <summary>Permit2 custom error <c>TransferFromFailed</c>: The token has no code, or its transferFrom returned false; not an error of Uniswap's Permit2.</summary>
[Error("TransferFromFailed")]
public sealed class TransferFromFailedError
{
    [Parameter("address", "token", 1)]
    public string Token { get; set; } = string.Empty;
}
