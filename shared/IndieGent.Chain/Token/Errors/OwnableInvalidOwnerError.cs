using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>OwnableInvalidOwner</c>: Ownership cannot go to the zero address.</summary>
[Error("OwnableInvalidOwner")]
public sealed class OwnableInvalidOwnerError
{
    [Parameter("address", "owner", 1)]
    public string Owner { get; set; } = string.Empty;
}
