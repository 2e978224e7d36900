using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>OwnableUnauthorizedAccount</c>: The caller of an owner-only function (<c>mint</c>) is not the owner.</summary>
[Error("OwnableUnauthorizedAccount")]
public sealed class OwnableUnauthorizedAccountError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = string.Empty;
}
