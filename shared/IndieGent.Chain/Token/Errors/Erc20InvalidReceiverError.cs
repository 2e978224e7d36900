using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>ERC20InvalidReceiver</c>: Tokens cannot be sent to the zero address.</summary>
[Error("ERC20InvalidReceiver")]
public sealed class Erc20InvalidReceiverError
{
    [Parameter("address", "receiver", 1)]
    public string Receiver { get; set; } = string.Empty;
}
