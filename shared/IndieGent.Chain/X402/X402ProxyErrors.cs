using IndieGent.Chain.Permit2;
using IndieGent.Chain.X402.Errors;
using Nethereum.Contracts;

namespace IndieGent.Chain.X402;

/// <summary>
/// Readable descriptions of the custom errors a call to an x402 Permit2 proxy can revert with: the
/// proxy's own, then those of Permit2 and the token, which the proxy passes through (see <see cref="Permit2Errors"/>).
/// </summary>
public static class X402ProxyErrors
{
    private static readonly (Type Error, string Description)[] _known =
    [
        (typeof(AmountExceedsPermittedError), "AmountExceedsPermitted(): the amount to settle is above the permit's permitted amount"),
        (typeof(UnauthorizedFacilitatorError), "UnauthorizedFacilitator(): the caller is not the facilitator the payer signed in the witness"),
        (typeof(InvalidAmountError), "InvalidAmount(): the amount to settle is 0 (a zero upto charge needs no transaction)"),
        (typeof(InvalidOwnerError), "InvalidOwner(): the owner is the zero address"),
        (typeof(InvalidDestinationError), "InvalidDestination(): the witness's recipient is the zero address"),
        (typeof(PaymentTooEarlyError), "PaymentTooEarly(): the block timestamp is before the witness's validAfter"),
        (typeof(Permit2612AmountMismatchError), "Permit2612AmountMismatch(): the EIP-2612 permit's value is not the permitted amount"),
        (typeof(ReentrancyGuardReentrantCallError), "ReentrancyGuardReentrantCall(): a settlement was entered again before the first one finished"),
        (typeof(InvalidPermit2AddressError), "InvalidPermit2Address(): the proxy cannot be built with the zero address as Permit2"),
    ];

    /// <summary>The error's name and a description of it, for the revert in <paramref name="exception"/>.</summary>
    public static (string Name, string Description) Describe(SmartContractCustomErrorRevertException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var (error, description) in _known)
        {
            if (exception.IsCustomErrorFor(error))
                return (ABITypedRegistry.GetError(error).Name, description);
        }

        // Permit2's errors (the signature, nonce and deadline are checked there), the token's, or unknown.
        return Permit2Errors.Describe(exception);
    }
}
