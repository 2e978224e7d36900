using System.Globalization;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Wallet.Agents;

namespace IndieGent.Wallet.Signing;

/// <summary>A Permit2 witness transfer from the agent's wallet, as asked for (see <c>SignPermit2Transfer</c>).</summary>
/// <param name="Transfers">Recipient and amount of each transfer, the primary recipient first.</param>
public sealed record Permit2SigningRequest(
    Guid PaymentId, Guid AgentId, long ChainId, string Permit2, string Token, string Spender, IReadOnlyList<PermitTransfer> Transfers,
    string Nonce, long Deadline, string ChallengeHash, string ExternalId);

/// <summary>One transfer of a permit: recipient (0x hex) and base units (decimal).</summary>
public sealed record PermitTransfer(string Recipient, string Amount);

/// <summary>The Permit2 witness transfer signed for a payment (id = payment id): a repeat of the same request gets it again.</summary>
public sealed record IssuedPermit2(Guid Id, Guid AgentId, Permit2SigningRequest Request, string Signature, DateTimeOffset SignedAt);

/// <summary>The EIP-2612 permit signed for Permit2 under a payment's approval (id = payment id), which the relayer may carry.</summary>
public sealed record IssuedPermit2Allowance(
    Guid Id, Guid AgentId, string Token, string Owner, string Spender, string Value, string Nonce, long Deadline, string Signature, DateTimeOffset SignedAt);

/// <summary>A well-formed <see cref="Permit2SigningRequest"/>.</summary>
public sealed record RequestedPermit2(
    EvmAddress Permit2, EvmAddress Token, EvmAddress Spender, IReadOnlyList<(EvmAddress Recipient, BigInteger Amount)> Transfers, BigInteger Nonce,
    long Deadline, byte[] ChallengeHash, string ExternalId)
{
    public BigInteger Total => Transfers.Aggregate(BigInteger.Zero, (sum, t) => sum + t.Amount);
}

/// <summary>
/// Pure checks of a Permit2 signing request against the agent and the Ledger's approval. Permit2 lets the spender choose where
/// the permitted amounts go, so a permit is signed only for the spender the approval names, through the one Permit2 contract
/// the Wallet trusts, with exactly the approved transfers (the primary recipient, then each split, amounts equal), their sum
/// at most the approved amount, before the ticket expires. The EIP-2612 permit that lets that Permit2 move the agent's tokens
/// needs the same kind of approval.
/// </summary>
public static class Permit2Decider
{
    /// <summary>The most transfers a permit carries (the primary recipient and ten splits).</summary>
    public const int MaxTransfers = 11;

    public static bool TryParse(Permit2SigningRequest request, out RequestedPermit2 permit, out string problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        permit = null!;
        problem = string.Empty;
        var transfers = new List<(EvmAddress, BigInteger)>();
        if (!EvmAddress.TryParse(request.Permit2, out var permit2) || permit2.IsZero)
            problem = "permit2 is not a non-zero address.";
        else if (!EvmAddress.TryParse(request.Token, out var token) || token.IsZero)
            problem = "token is not a non-zero address.";
        else if (!EvmAddress.TryParse(request.Spender, out var spender) || spender.IsZero)
            problem = "spender is not a non-zero address.";
        else if (request.Transfers is not { Count: > 0 and <= MaxTransfers })
            problem = $"A permit carries 1 to {MaxTransfers} transfers.";
        else if (!BigInteger.TryParse(request.Nonce, NumberStyles.None, CultureInfo.InvariantCulture, out var nonce) || nonce.GetBitLength() > 256)
            problem = "nonce is not a uint256 in decimal.";
        else if (request.Deadline <= 0)
            problem = "deadline is not a positive unix time.";
        else if (request.ChallengeHash is not { Length: 66 } || !request.ChallengeHash.StartsWith("0x", StringComparison.Ordinal) ||
                 request.ChallengeHash.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF"))
            problem = "challengeHash is not 0x + 64 hex digits.";
        else if (request.ExternalId is null)
            problem = "externalId is required (empty when the challenge names none).";
        else
        {
            foreach (var (recipient, amount) in request.Transfers)
            {
                if (!EvmAddress.TryParse(recipient, out var to) || to.IsZero ||
                    !BigInteger.TryParse(amount, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value.IsZero || value.GetBitLength() > 256)
                {
                    problem = "Each transfer is a positive uint256 amount to a non-zero address.";
                    return false;
                }

                transfers.Add((to, value));
            }

            permit = new RequestedPermit2(permit2, token, spender, transfers, nonce, request.Deadline,
                Convert.FromHexString(request.ChallengeHash.AsSpan(2)), request.ExternalId);
            return true;
        }

        return false;
    }

    /// <summary>Why the permit may not be signed (null when it may).</summary>
    public static SigningOutcome? Refusal(Permit2SigningRequest request, RequestedPermit2 permit, Agent? agent, SigningApproval? approval,
        EvmAddress trustedPermit2, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(permit);
        if (AllowanceRefusal(request.PaymentId, request.AgentId, request.ChainId, permit.Token, permit.Permit2, agent, approval, trustedPermit2, now)
            is { } refusal)
            return refusal;
        if (approval!.Spender != permit.Spender)
            return SigningOutcome.Refused(SigningRefusal.WrongSpender, "The spender is not the one the payment was approved for.");
        if (permit.Transfers[0].Recipient != approval.Recipient)
            return SigningOutcome.Refused(SigningRefusal.WrongRecipient, "The primary recipient is not the one the payment was approved for.");
        var splits = approval.Splits ?? [];
        if (permit.Transfers.Count != splits.Count + 1 || !permit.Transfers.Skip(1).SequenceEqual(splits))
            return SigningOutcome.Refused(SigningRefusal.WrongSplits, "The transfers after the first are not exactly the approved splits.");
        if (permit.Total > approval.Amount)
            return SigningOutcome.Refused(SigningRefusal.AmountExceedsApproval, $"The transfers total more than the approved {approval.Amount}.");
        if (permit.Deadline <= now.ToUnixTimeSeconds())
            return SigningOutcome.Refused(SigningRefusal.AlreadyExpired, "The deadline is already in the past.");
        return null;
    }

    /// <summary>
    /// Why the agent's EIP-2612 permit for <paramref name="permit2"/> may not be signed (null when it may): a valid, unexpired
    /// <c>permit2</c> approval of this agent in this token, and the Permit2 the Wallet trusts as spender.
    /// </summary>
    public static SigningOutcome? AllowanceRefusal(Guid paymentId, Guid agentId, long chainId, EvmAddress token, EvmAddress permit2, Agent? agent,
        SigningApproval? approval, EvmAddress trustedPermit2, DateTimeOffset now)
    {
        if (SigningDecider.FirstSignatureRefusal(paymentId, agentId, agent, approval, now) is { } refusal)
            return refusal;
        if (!approval!.AllowsPermit2)
            return SigningOutcome.Refused(SigningRefusal.WrongCredentialKind,
                $"The payment was approved for a '{approval.CredentialType}' credential, not a Permit2 transfer.");
        if (approval.ChainId != chainId)
            return SigningOutcome.Refused(SigningRefusal.WrongChain, $"The payment was approved on chain {approval.ChainId}, not {chainId}.");
        if (approval.Token != token)
            return SigningOutcome.Refused(SigningRefusal.WrongToken, "The token is not the one the payment was approved in.");
        if (permit2 != trustedPermit2)
            return SigningOutcome.Refused(SigningRefusal.WrongSpender, $"The Wallet signs only for the Permit2 at {trustedPermit2.ToChecksumHex()}.");
        return null;
    }

    /// <summary>True when a repeat asks for exactly what was signed (the deadline aside: the first one stands).</summary>
    public static bool SamePermit(RequestedPermit2 a, RequestedPermit2 b) =>
        a.Permit2 == b.Permit2 && a.Token == b.Token && a.Spender == b.Spender && a.Nonce == b.Nonce && a.Transfers.SequenceEqual(b.Transfers) &&
        a.ChallengeHash.AsSpan().SequenceEqual(b.ChallengeHash) && a.ExternalId == b.ExternalId;
}
