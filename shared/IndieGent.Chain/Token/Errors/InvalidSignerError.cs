using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>InvalidSigner</c>: The signature is valid but recovers to someone other than the account that must sign.</summary>
[Error("InvalidSigner")]
public sealed class InvalidSignerError
{
    [Parameter("address", "signer", 1)]
    public string Signer { get; set; } = string.Empty;

    [Parameter("address", "expected", 2)]
    public string Expected { get; set; } = string.Empty;
}
