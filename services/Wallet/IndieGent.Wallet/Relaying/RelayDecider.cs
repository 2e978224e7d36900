using System.Globalization;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Wallet.Signing;
using IndieGent.Wallet.Transfers;

namespace IndieGent.Wallet.Relaying;

/// <summary>
/// Pure checks of what the relayer is asked to sign. The relayer pays gas for other wallets'
/// money, so it signs exactly one kind of call: the token's <c>transferWithAuthorization</c>
/// carrying the EIP-3009 authorization the Wallet itself signed for this payment, from the
/// agent's custodial wallet, to the recipient and for at most the amount the Ledger's ticket names.
/// </summary>
/// <remarks>
/// The ticket is read as the signer reads it (a trusted Ledger key, this payment and agent), but
/// its first-signature deadline does not bind a relay: the authorization was signed in time, and
/// its own <c>validBefore</c> bounds when it can be relayed.
/// </remarks>
public static class RelayDecider
{
    /// <summary>The call and fees <paramref name="request"/> describes, within <paramref name="limits"/>.</summary>
    public static bool TryParse(RelaySigningRequest request, TransactionLimits limits, out RequestedRelay relay, out SigningRefusal refusal,
        out string problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        relay = null!;
        refusal = SigningRefusal.Malformed;
        problem = string.Empty;
        RelayedAuthorization? call = null;
        RelayedPermit? permit = null;
        byte[] calldata = [];
        if (!EvmAddress.TryParse(request.Token, out var token) || token.IsZero)
            problem = "token is not a non-zero address.";
        else if (request.ChainId <= 0)
            problem = "The chain id is not positive.";
        else if (request.Nonce < 0)
            problem = "The nonce is negative.";
        else if (!BigInteger.TryParse(request.MaxFeePerGas, NumberStyles.None, CultureInfo.InvariantCulture, out var maxFee) ||
                 !BigInteger.TryParse(request.MaxPriorityFeePerGas, NumberStyles.None, CultureInfo.InvariantCulture, out var tip) ||
                 maxFee.IsZero || tip > maxFee)
            problem = "The fees are not decimal wei with 0 < maxPriorityFeePerGas <= maxFeePerGas.";
        else if (maxFee > limits.MaxFeePerGas)
            problem = $"maxFeePerGas {maxFee} is above the Wallet's ceiling of {limits.MaxFeePerGas} wei.";
        else if (request.Kind == RelayKind.Relay && (request.GasLimit <= Eip1559Transaction.PlainTransferGas || request.GasLimit > limits.MaxGasLimit))
            problem = $"The gas limit of a relay must lie above {Eip1559Transaction.PlainTransferGas} and at most {limits.MaxGasLimit}.";
        else if (request.Kind == RelayKind.Relay && !TryDecode(request.Calldata, out call, out permit, out calldata, out problem))
            refusal = SigningRefusal.NotTransferWithAuthorization;
        else
        {
            relay = new RequestedRelay(request.ChainId, token, call, calldata,
                request.Kind == RelayKind.Cancel ? Eip1559Transaction.PlainTransferGas : request.GasLimit, maxFee, tip, permit);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Why the first relay of <paramref name="request"/> may not be signed (null when it may): the
    /// ticket approves a relayed payment of this agent; the call carries the authorization the Wallet
    /// issued for it (<paramref name="issued"/>), unchanged, with a signature that recovers to the agent's wallet.
    /// </summary>
    /// <param name="source">The custodial wallet the authorization spends from: the agent's for a payment; an agent's, the treasury or the marketplace settlement wallet for a transfer.</param>
    /// <param name="allowance">For an EIP-2612 <c>permit</c> call: the permit the Wallet signed under this payment's approval.</param>
    public static SigningOutcome? Refusal(RelaySigningRequest request, RequestedRelay relay, TransferParty? source, SigningApproval? approval,
        IssuedSignature? issued, DateTimeOffset now, IssuedPermit2Allowance? allowance = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(relay);
        if (SigningDecider.RepeatRefusal(request.RelayId, request.AgentId, approval) is { } invalid)
            return invalid;
        if (relay.Permit is { } permit)
            return PermitRefusal(request, relay, permit, source, approval!, allowance, now);
        if (source is null || source.WalletId != request.AgentId)
            return SigningOutcome.Refused(SigningRefusal.UnknownAgent, $"No custodial wallet {request.AgentId}.");
        if (!approval!.AllowsRelay)
            return SigningOutcome.Refused(SigningRefusal.WrongCredentialKind,
                $"The payment was approved for a '{approval.CredentialType}' credential, which the platform does not relay.");
        if (!approval.IsTransfer && source.Kind != TransferPartyKind.Agent)
            return SigningOutcome.Refused(SigningRefusal.UnknownAgent, $"A payment spends from an agent's wallet; {request.AgentId} is none.");
        if (source.Disabled && !approval.MovesDisabledWallets)
            return SigningOutcome.Refused(SigningRefusal.AgentDisabled, "The agent is disabled.");
        if (approval.ChainId != relay.ChainId)
            return SigningOutcome.Refused(SigningRefusal.WrongChain, $"The payment was approved on chain {approval.ChainId}, not {relay.ChainId}.");
        if (approval.Token != relay.Token)
            return SigningOutcome.Refused(SigningRefusal.WrongToken, "The call is not to the token the payment was approved in.");
        if (relay.Call is not { } call)
            return SigningOutcome.Refused(SigningRefusal.NotTransferWithAuthorization, "A relay carries a transferWithAuthorization call.");
        var authorization = call.Authorization;
        if (authorization.From != source.Address)
            return SigningOutcome.Refused(SigningRefusal.ForeignAuthorization, "The authorization does not spend from the source's wallet.");
        if (authorization.To != approval.Recipient)
            return SigningOutcome.Refused(SigningRefusal.WrongRecipient, "The recipient is not the one the payment was approved for.");
        if (authorization.Value > approval.Amount)
            return SigningOutcome.Refused(SigningRefusal.AmountExceedsApproval, $"The amount exceeds the approved {approval.Amount}.");
        if (issued is null || !IsIssued(issued, request, call))
            return SigningOutcome.Refused(SigningRefusal.ForeignAuthorization,
                $"The call does not carry the authorization the Wallet signed for payment {request.RelayId}.");
        if (authorization.ValidBefore <= now.ToUnixTimeSeconds())
            return SigningOutcome.Refused(SigningRefusal.AlreadyExpired, "The authorization's validBefore has passed; it can only be cancelled.");
        return null;
    }

    // A permit call: the very EIP-2612 permit the Wallet signed from the agent's wallet for Permit2 under this permit2 payment's approval.
    private static SigningOutcome? PermitRefusal(RelaySigningRequest request, RequestedRelay relay, RelayedPermit permit, TransferParty? source,
        SigningApproval approval, IssuedPermit2Allowance? allowance, DateTimeOffset now)
    {
        if (source is null || source.WalletId != request.AgentId || source.Kind != TransferPartyKind.Agent)
            return SigningOutcome.Refused(SigningRefusal.UnknownAgent, $"No agent wallet {request.AgentId}.");
        if (source.Disabled)
            return SigningOutcome.Refused(SigningRefusal.AgentDisabled, "The agent is disabled.");
        if (!approval.AllowsPermit2)
            return SigningOutcome.Refused(SigningRefusal.WrongCredentialKind,
                $"The payment was approved for a '{approval.CredentialType}' credential; only a permit2 payment's allowance is relayed as a permit.");
        if (approval.ChainId != relay.ChainId || approval.Token != relay.Token)
            return SigningOutcome.Refused(SigningRefusal.WrongToken, "The call is not to the token on the chain the payment was approved in.");
        if (allowance is null || permit.Owner != source.Address || EvmAddress.Parse(allowance.Owner) != permit.Owner ||
            EvmAddress.Parse(allowance.Token) != relay.Token || EvmAddress.Parse(allowance.Spender) != permit.Spender ||
            allowance.Value != permit.Value.ToString(CultureInfo.InvariantCulture) || allowance.Deadline != (long)permit.Deadline ||
            !string.Equals(allowance.Signature, permit.Signature.ToHex(), StringComparison.OrdinalIgnoreCase))
            return SigningOutcome.Refused(SigningRefusal.ForeignAuthorization,
                $"The call does not carry the permit the Wallet signed for payment {request.RelayId}.");
        if (permit.Deadline < now.ToUnixTimeSeconds())
            return SigningOutcome.Refused(SigningRefusal.AlreadyExpired, "The permit's deadline has passed; it can only be cancelled.");
        return null;
    }

    /// <summary>Whether <paramref name="call"/> carries exactly <paramref name="issued"/>, signed by the agent's wallet in the token's domain.</summary>
    private static bool IsIssued(IssuedSignature issued, RelaySigningRequest request, RelayedAuthorization call)
    {
        var signed = issued.Request;
        if (signed.PaymentId != request.RelayId || signed.AgentId != request.AgentId || signed.ChainId != request.ChainId ||
            !SigningDecider.TryParse(signed, out var expected, out var token, out _) || token != EvmAddress.Parse(request.Token))
            return false;
        var authorization = call.Authorization;
        if (authorization.To != expected.To || authorization.Value != expected.Value || authorization.ValidAfter != expected.ValidAfter ||
            authorization.ValidBefore != expected.ValidBefore || !authorization.Nonce.AsSpan().SequenceEqual(expected.Nonce) ||
            !string.Equals(call.Signature.ToHex(), issued.Signature, StringComparison.OrdinalIgnoreCase))
            return false;
        // The stored signature is the Wallet's own; recovering it still proves the domain and fields agree with it.
        var domain = new TokenDomain(signed.TokenName, signed.TokenVersion, signed.ChainId, token);
        return Eip3009.RecoverTransferWithAuthorizationSigner(domain, authorization, call.Signature) == authorization.From;
    }

    private static bool TryDecode(string? hex, out RelayedAuthorization? call, out RelayedPermit? permit, out byte[] calldata, out string problem)
    {
        call = null;
        permit = null;
        calldata = [];
        if (hex is null || !hex.StartsWith("0x", StringComparison.Ordinal) || hex.Length % 2 != 0 || hex.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF"))
        {
            problem = "calldata is not 0x-prefixed hex.";
            return false;
        }

        calldata = Convert.FromHexString(hex.AsSpan(2));
        if (RelayedPermit.TryDecode(calldata, out var decodedPermit, out _))
        {
            permit = decodedPermit;
            problem = string.Empty;
            return true;
        }

        if (!RelayedAuthorization.TryDecode(calldata, out var decoded, out problem))
            return false;
        call = decoded;
        return true;
    }
}
