using Nethereum.Contracts;

namespace IndieGent.Chain.Permit2;

/// <summary>
/// Permit2 (or the token it called) refused a call at gas estimation, before anything was sent. The
/// message names the custom error and what it means, e.g. <c>InvalidNonce(): the owner already used
/// or invalidated this nonce</c>. It is still a <see cref="SmartContractCustomErrorRevertException"/>:
/// <c>IsCustomErrorFor&lt;T&gt;()</c> and <c>DecodeError&lt;T&gt;()</c> work with the types in
/// <c>IndieGent.Chain.Permit2.Errors</c> (and, for a token's own refusal, <c>IndieGent.Chain.Token.Errors</c>).
/// </summary>
public sealed class Permit2RevertException : SmartContractCustomErrorRevertException
{
    /// <summary>Wraps the revert data Nethereum reported.</summary>
    /// <param name="encodedData">The revert data, <c>0x</c> + selector + arguments.</param>
    public Permit2RevertException(string encodedData)
        : base(encodedData)
    {
        (ErrorName, Reason) = Permit2Errors.Describe(this);
    }

    /// <summary>The custom error's name (<c>InvalidNonce</c>, …), or its selector when it is not one Permit2 or the token raises.</summary>
    public string ErrorName { get; }

    /// <summary>The error with its arguments and what it means.</summary>
    public string Reason { get; }

    /// <inheritdoc/>
    public override string Message => $"Permit2 refused the call: {Reason}.";
}
