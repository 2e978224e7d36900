using IndieGent.Chain.Permit2.Errors;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using TokenErrors = IndieGent.Chain.Token.Errors;

namespace IndieGent.Chain.Permit2;

/// <summary>Readable descriptions of the custom errors a Permit2 call can revert with.</summary>
public static class Permit2Errors
{
    private static readonly (Type Error, Func<object, string> Describe)[] _known =
    [
        (typeof(SignatureExpiredError), e => $"SignatureExpired({((SignatureExpiredError)e).SignatureDeadline}): the permit's deadline has passed"),
        (typeof(InvalidNonceError), _ => "InvalidNonce(): the owner already used or invalidated this nonce"),
        (typeof(InvalidAmountError), e => $"InvalidAmount({((InvalidAmountError)e).MaxAmount}): the requested amount is above the permitted {((InvalidAmountError)e).MaxAmount}"),
        (typeof(LengthMismatchError), _ => "LengthMismatch(): the batch has a different number of transfer details than permitted tokens"),
        (typeof(InvalidSignatureLengthError), _ => "InvalidSignatureLength(): the signature is neither 65 nor 64 (EIP-2098) bytes"),
        (typeof(InvalidSignatureError), _ => "InvalidSignature(): the signature recovers to no address"),
        (typeof(InvalidSignerError), _ => "InvalidSigner(): the signature is not the owner's over this permit " +
            "(another key signed, or it signed another spender, amount, nonce, deadline, witness, witness type, chain or Permit2 address)"),
        (typeof(InvalidSignatureSError), e => $"InvalidSignatureS({((InvalidSignatureSError)e).S.ToHex(true)}): the signature's s is not in the lower half of the curve order"),
        (typeof(TransferFromFailedError), e => $"TransferFromFailed({((TransferFromFailedError)e).Token}): the token has no code or its transferFrom returned false"),
        // The token's own refusals, which Permit2 passes through.
        (typeof(TokenErrors.Erc20InsufficientAllowanceError), e => Allowance((TokenErrors.Erc20InsufficientAllowanceError)e)),
        (typeof(TokenErrors.Erc20InsufficientBalanceError), e => Balance((TokenErrors.Erc20InsufficientBalanceError)e)),
        (typeof(TokenErrors.Erc20InvalidReceiverError), e => $"ERC20InvalidReceiver({((TokenErrors.Erc20InvalidReceiverError)e).Receiver}): the token refuses this recipient"),
    ];

    /// <summary>The error's name and a description of it with its arguments, for the revert in <paramref name="exception"/>.</summary>
    public static (string Name, string Description) Describe(SmartContractCustomErrorRevertException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var (error, describe) in _known)
        {
            if (exception.IsCustomErrorFor(error))
            {
                var name = ABITypedRegistry.GetError(error).Name;
                try
                {
                    return (name, describe(exception.DecodeError(error)));
                }
                // Data with the right selector but arguments that do not decode: name it, show the data.
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    return (name, $"{name} with undecodable arguments {exception.ExceptionEncodedData}");
                }
            }
        }

        var data = exception.ExceptionEncodedData ?? string.Empty;
        var selector = data.Length >= 10 ? data[..10] : data;
        return (selector, $"an unknown custom error, revert data {data}");
    }

    private static string Allowance(TokenErrors.Erc20InsufficientAllowanceError a) =>
        $"ERC20InsufficientAllowance({a.Spender}, {a.Allowance}, {a.Needed}): the owner approved Permit2 for {a.Allowance} of the token, {a.Needed} needed";

    private static string Balance(TokenErrors.Erc20InsufficientBalanceError b) =>
        $"ERC20InsufficientBalance({b.Sender}, {b.Balance}, {b.Needed}): the owner holds {b.Balance} of the token, {b.Needed} needed";
}
