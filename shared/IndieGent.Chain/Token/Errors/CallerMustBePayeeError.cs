using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.Token.Errors;

/// <summary>Custom error <c>CallerMustBePayee</c>: <c>receiveWithAuthorization</c> was sent by someone other than the payee.</summary>
[Error("CallerMustBePayee")]
public sealed class CallerMustBePayeeError
{
    [Parameter("address", "caller", 1)]
    public string Caller { get; set; } = string.Empty;

    [Parameter("address", "payee", 2)]
    public string Payee { get; set; } = string.Empty;
}
