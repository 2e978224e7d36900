using Nethereum.Contracts;

namespace IndieGent.Chain.X402;

/// <summary>
/// An x402 Permit2 proxy, or the Permit2 or token it called, refused a call at gas estimation, before
/// anything was sent. The message names the custom error and what it means, e.g.
/// <c>UnauthorizedFacilitator(): the caller is not the facilitator the payer signed</c> or, passed
/// through from Permit2, <c>InvalidNonce(): …</c>. It is still a <see cref="SmartContractCustomErrorRevertException"/>:
/// <c>IsCustomErrorFor&lt;T&gt;()</c> and <c>DecodeError&lt;T&gt;()</c> work with the types in
/// <c>IndieGent.Chain.X402.Errors</c>, <c>IndieGent.Chain.Permit2.Errors</c> and <c>IndieGent.Chain.Token.Errors</c>.
/// </summary>
public sealed class X402ProxyRevertException : SmartContractCustomErrorRevertException
{
    /// <summary>Wraps the revert data Nethereum reported.</summary>
    /// <param name="encodedData">The revert data, <c>0x</c> + selector + arguments.</param>
    public X402ProxyRevertException(string encodedData)
        : base(encodedData)
    {
        (ErrorName, Reason) = X402ProxyErrors.Describe(this);
    }

    /// <summary>The custom error's name (<c>PaymentTooEarly</c>, <c>InvalidSigner</c>, …), or its selector when it is not a known one.</summary>
    public string ErrorName { get; }

    /// <summary>The error with its arguments and what it means.</summary>
    public string Reason { get; }

    /// <inheritdoc/>
    public override string Message => $"The x402 Permit2 proxy refused the call: {Reason}.";
}
