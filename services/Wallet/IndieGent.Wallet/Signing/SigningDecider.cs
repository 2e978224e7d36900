using System.Globalization;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Wallet.Agents;

namespace IndieGent.Wallet.Signing;

/// <summary>
/// Pure checks of a signing request against the agent and the Ledger's approval ticket. Only a
/// request that fits the approval exactly (same payment, agent, credential kind, chain, token,
/// recipient; amount at most the approved one; before the ticket expires) may be signed.
/// </summary>
public static class SigningDecider
{
    public static SigningOutcome? Refusal(TransferSigningRequest request, Agent? agent, SigningApproval? approval, DateTimeOffset now)
    {
        if (!TryParse(request, out var authorization, out var token, out var problem))
            return SigningOutcome.Refused(SigningRefusal.Malformed, problem);
        if (ApprovalRefusal(request.PaymentId, request.AgentId, request.ChainId, token, authorization.To, authorization.Value, authorization: true,
                agent, approval, now) is { } refusal)
            return refusal;
        if (request.ValidBefore <= now.ToUnixTimeSeconds())
            return SigningOutcome.Refused(SigningRefusal.AlreadyExpired, "validBefore is already in the past.");
        return null;
    }

    /// <summary>
    /// Why a new EIP-1559 transfer for the payment may not be signed (null when it may): the same
    /// approval checks as an authorization, on a transfer parsed (within the fee limits) by
    /// <see cref="TryParse(TransactionSigningRequest, TransactionLimits, out RequestedTransfer, out string)"/>.
    /// </summary>
    public static SigningOutcome? Refusal(TransactionSigningRequest request, RequestedTransfer transfer, Agent? agent, SigningApproval? approval,
        DateTimeOffset now) =>
        ApprovalRefusal(request.PaymentId, request.AgentId, request.ChainId, transfer.Token, transfer.To, transfer.Value, authorization: false,
            agent, approval, now);

    /// <summary>
    /// Why another version of a payment's recorded transaction (higher fees, a cancellation) may not
    /// be signed: the ticket must still be the Ledger's and name this payment; its first-signature
    /// deadline no longer matters, the recorded transfer fixes what is signed.
    /// </summary>
    public static SigningOutcome? RepeatRefusal(Guid paymentId, Guid agentId, SigningApproval? approval) =>
        approval is null ? SigningOutcome.Refused(SigningRefusal.InvalidTicket, "No valid approval ticket came with the request.")
        : approval.PaymentId != paymentId || approval.AgentId != agentId
            ? SigningOutcome.Refused(SigningRefusal.TicketMismatch, $"The approval ticket is not for payment {paymentId} of agent {agentId}.")
            : null;

    /// <summary>
    /// Why no first signature may be made for the payment whatever it signs (null when one may): the ticket is the Ledger's and
    /// names this payment and agent, the agent exists and is enabled, the ticket has not expired.
    /// </summary>
    public static SigningOutcome? FirstSignatureRefusal(Guid paymentId, Guid agentId, Agent? agent, SigningApproval? approval, DateTimeOffset now)
    {
        if (RepeatRefusal(paymentId, agentId, approval) is { } refusal)
            return refusal;
        if (agent is null || agent.Id != agentId)
            return SigningOutcome.Refused(SigningRefusal.UnknownAgent, $"No agent {agentId}.");
        if (agent.Disabled)
            return SigningOutcome.Refused(SigningRefusal.AgentDisabled, "The agent is disabled.");
        return approval!.ExpiresAt <= now
            ? SigningOutcome.Refused(SigningRefusal.TicketExpired, $"The approval of payment {paymentId} expired at {approval.ExpiresAt:O}.")
            : null;
    }

    /// <summary>A transfer of <paramref name="value"/> of <paramref name="token"/> to <paramref name="to"/> fits the Ledger's approval exactly.</summary>
    private static SigningOutcome? ApprovalRefusal(Guid paymentId, Guid agentId, long chainId, EvmAddress token, EvmAddress to, BigInteger value,
        bool authorization, Agent? agent, SigningApproval? approval, DateTimeOffset now)
    {
        if (FirstSignatureRefusal(paymentId, agentId, agent, approval, now) is { } refusal)
            return refusal;
        // Each kind of ticket allows one kind of signature: a transfer ticket neither of these.
        if (authorization ? !approval!.AllowsAuthorization : !approval!.AllowsTransaction)
            return SigningOutcome.Refused(SigningRefusal.WrongCredentialKind,
                $"The payment was approved for a '{approval.CredentialType}' credential, not {(authorization ? "an EIP-3009 authorization" : "a transfer")}.");
        if (approval.ChainId != chainId)
            return SigningOutcome.Refused(SigningRefusal.WrongChain, $"The payment was approved on chain {approval.ChainId}, not {chainId}.");
        if (approval.Token != token)
            return SigningOutcome.Refused(SigningRefusal.WrongToken, "The token is not the one the payment was approved in.");
        if (approval.Recipient != to)
            return SigningOutcome.Refused(SigningRefusal.WrongRecipient, "The recipient is not the one the payment was approved for.");
        if (value > approval.Amount)
            return SigningOutcome.Refused(SigningRefusal.AmountExceedsApproval, $"The amount exceeds the approved {approval.Amount}.");
        return null;
    }

    /// <summary>The transfer and fees a transaction request describes, within <paramref name="limits"/>.</summary>
    public static bool TryParse(TransactionSigningRequest request, TransactionLimits limits, out RequestedTransfer transfer, out string problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        transfer = null!;
        problem = string.Empty;
        if (!EvmAddress.TryParse(request.Token, out var token) || token.IsZero)
            problem = "token is not a non-zero address.";
        else if (!EvmAddress.TryParse(request.To, out var to) || to.IsZero)
            problem = "to is not a non-zero address.";
        else if (!BigInteger.TryParse(request.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ||
                 value.IsZero || value.GetBitLength() > 256)
            problem = "value is not a positive uint256 in decimal.";
        else if (!BigInteger.TryParse(request.MaxFeePerGas, NumberStyles.None, CultureInfo.InvariantCulture, out var maxFee) ||
                 !BigInteger.TryParse(request.MaxPriorityFeePerGas, NumberStyles.None, CultureInfo.InvariantCulture, out var tip) ||
                 maxFee.IsZero || tip > maxFee)
            problem = "The fees are not decimal wei with 0 < maxPriorityFeePerGas <= maxFeePerGas.";
        else if (maxFee > limits.MaxFeePerGas)
            problem = $"maxFeePerGas {maxFee} is above the Wallet's ceiling of {limits.MaxFeePerGas} wei.";
        else if (request.GasLimit < Eip1559Transaction.PlainTransferGas || request.GasLimit > limits.MaxGasLimit)
            problem = $"The gas limit must lie between {Eip1559Transaction.PlainTransferGas} and {limits.MaxGasLimit}.";
        else if (request.NonceFloor < 0)
            problem = "The nonce floor is negative.";
        else if (request.ChainId <= 0)
            problem = "The chain id is not positive.";
        else
        {
            transfer = new RequestedTransfer(request.ChainId, token, to, value, request.GasLimit, maxFee, tip);
            return true;
        }

        return false;
    }

    /// <summary>The EIP-3009 authorization the request describes, the payer being the agent's wallet.</summary>
    public static bool TryParse(TransferSigningRequest request, out TransferAuthorization authorization, out EvmAddress token, out string problem)
    {
        authorization = null!;
        token = default;
        problem = string.Empty;
        if (!EvmAddress.TryParse(request.Token, out token))
            problem = "token is not an address.";
        else if (!EvmAddress.TryParse(request.To, out var to) || to.IsZero)
            problem = "to is not a non-zero address.";
        else if (!BigInteger.TryParse(request.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ||
                 value.GetBitLength() > 256)
            problem = "value is not a uint256 in decimal.";
        else if (request.ValidAfter < 0 || request.ValidBefore <= request.ValidAfter)
            problem = "validAfter/validBefore do not form a window.";
        else if (request.Nonce is not { Length: 66 } || !request.Nonce.StartsWith("0x", StringComparison.Ordinal) ||
                 request.Nonce.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF"))
            problem = "nonce is not 0x + 64 hex digits.";
        else if (string.IsNullOrEmpty(request.TokenName) || string.IsNullOrEmpty(request.TokenVersion))
            problem = "The token's EIP-712 name and version are required.";
        else
        {
            // From is filled in by the signer from the agent's own address, never from the request.
            authorization = new TransferAuthorization(default, to, value, request.ValidAfter, request.ValidBefore,
                Convert.FromHexString(request.Nonce.AsSpan(2)));
            return true;
        }

        return false;
    }

    /// <summary>True when a repeat request asks for exactly what was signed (compared as values, not text).</summary>
    public static bool SameAuthorization(TransferSigningRequest a, TransferSigningRequest b) =>
        a.PaymentId == b.PaymentId && a.AgentId == b.AgentId && a.ChainId == b.ChainId &&
        TryParse(a, out var x, out var tokenA, out _) && TryParse(b, out var y, out var tokenB, out _) &&
        tokenA == tokenB && x.To == y.To && x.Value == y.Value && x.ValidAfter == y.ValidAfter && x.ValidBefore == y.ValidBefore &&
        x.Nonce.AsSpan().SequenceEqual(y.Nonce) &&
        a.TokenName == b.TokenName && a.TokenVersion == b.TokenVersion;
}
