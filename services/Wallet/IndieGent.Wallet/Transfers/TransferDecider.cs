using IndieGent.Chain;
using IndieGent.Wallet.Signing;

namespace IndieGent.Wallet.Transfers;

/// <summary>
/// Pure checks of a request to sign a transfer between an operator's own wallets (treasury → agent,
/// agent → treasury): an EIP-3009 authorization from the source wallet, signed only with a valid
/// Ledger ticket of kind <c>transfer</c> naming exactly this transfer, source, destination and
/// amount, and only when the destination is another wallet of the source's operator.
/// </summary>
public static class TransferDecider
{
    /// <summary>Why the transfer may not be signed (null when it may).</summary>
    /// <param name="source">The wallet the request names as the source (null: no such wallet).</param>
    /// <param name="destination">The custodial wallet at the authorization's recipient that the kind allows (null: none).</param>
    public static SigningOutcome? Refusal(TransferSigningRequest request, TransferParty? source, TransferParty? destination,
        SigningApproval? approval, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (SigningDecider.RepeatRefusal(request.PaymentId, request.AgentId, approval) is { } invalid)
            return invalid;
        if (!approval!.IsTransfer)
            return SigningOutcome.Refused(SigningRefusal.WrongCredentialKind,
                $"The ticket approves a '{approval.CredentialType}' payment, not a transfer between custodial wallets.");
        if (approval.ExpiresAt <= now)
            return SigningOutcome.Refused(SigningRefusal.TicketExpired, $"The approval of transfer {request.PaymentId} expired at {approval.ExpiresAt:O}.");
        if (!SigningDecider.TryParse(request, out var authorization, out var token, out var problem))
            return SigningOutcome.Refused(SigningRefusal.Malformed, problem);
        if (source is null || source.WalletId != request.AgentId)
            return SigningOutcome.Refused(SigningRefusal.UnknownAgent, $"No custodial wallet {request.AgentId}.");
        if (source.Disabled && !approval.MovesDisabledWallets)
            return SigningOutcome.Refused(SigningRefusal.AgentDisabled, "The source agent is disabled.");
        if (approval.ChainId != request.ChainId)
            return SigningOutcome.Refused(SigningRefusal.WrongChain, $"The transfer was approved on chain {approval.ChainId}, not {request.ChainId}.");
        if (approval.Token != token)
            return SigningOutcome.Refused(SigningRefusal.WrongToken, "The token is not the one the transfer was approved in.");
        if (approval.Recipient != authorization.To)
            return SigningOutcome.Refused(SigningRefusal.WrongRecipient, "The destination is not the one the transfer was approved for.");
        if (approval.Amount != authorization.Value)
            return SigningOutcome.Refused(SigningRefusal.AmountMismatch, $"The amount is not the approved {approval.Amount}.");
        if (EndsRefusal(approval.CredentialType, source, destination, authorization.To) is { } ends)
            return ends;
        if (request.ValidBefore <= now.ToUnixTimeSeconds())
            return SigningOutcome.Refused(SigningRefusal.AlreadyExpired, "validBefore is already in the past.");
        return null;
    }

    private static SigningOutcome? EndsRefusal(string kind, TransferParty source, TransferParty? destination, EvmAddress to) => kind switch
    {
        SigningApproval.Sweep when source.Kind != TransferPartyKind.Agent =>
            SigningOutcome.Refused(SigningRefusal.ForeignDestination, "Only an agent's wallet is swept."),
        SigningApproval.Sweep when destination is not { Kind: TransferPartyKind.MarketplaceSettlement } || destination.Address != to =>
            SigningOutcome.Refused(SigningRefusal.ForeignDestination, "A sweep goes to the marketplace settlement wallet only."),
        SigningApproval.Payout when source.Kind != TransferPartyKind.MarketplaceSettlement =>
            SigningOutcome.Refused(SigningRefusal.ForeignDestination, "Only the marketplace settlement wallet pays providers out."),
        SigningApproval.Transfer when source.Kind == TransferPartyKind.MarketplaceSettlement || destination is null ||
            destination.Kind == TransferPartyKind.MarketplaceSettlement || destination.OperatorId != source.OperatorId ||
            destination.Address != to || destination.WalletId == source.WalletId =>
            SigningOutcome.Refused(SigningRefusal.ForeignDestination, "The destination is not another wallet (agent or treasury) of the source's operator."),
        _ => null,
    };

    /// <summary>The recipient the request names, when it can be read (to look its wallet up).</summary>
    public static EvmAddress? Recipient(TransferSigningRequest request) =>
        request is not null && EvmAddress.TryParse(request.To, out var to) ? to : null;
}
