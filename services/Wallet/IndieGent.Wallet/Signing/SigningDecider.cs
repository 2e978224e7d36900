using System.Globalization;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.Wallet.Agents;

namespace IndieGent.Wallet.Signing;

/// <summary>
/// Pure checks of a signing request against the agent and the Ledger's approval. Only a request
/// that fits the approval exactly (same chain, token, recipient; amount at most the approved one)
/// may be signed.
/// </summary>
public static class SigningDecider
{
    public static SigningOutcome? Refusal(TransferSigningRequest request, Agent? agent, PaymentApproval? approval, DateTimeOffset now)
    {
        if (!TryParse(request, out var authorization, out var token, out var problem))
            return SigningOutcome.Refused(SigningRefusal.Malformed, problem);
        if (agent is null || agent.Id != request.AgentId)
            return SigningOutcome.Refused(SigningRefusal.UnknownAgent, $"No agent {request.AgentId}.");
        if (agent.Disabled)
            return SigningOutcome.Refused(SigningRefusal.AgentDisabled, "The agent is disabled.");
        if (approval is null || approval.AgentId != request.AgentId || !approval.AllowsSigning)
            return SigningOutcome.Refused(SigningRefusal.NotApproved, $"The Ledger has not approved payment {request.PaymentId} for this agent.");

        var terms = approval.Terms!;
        if (terms.ChainId != request.ChainId)
            return SigningOutcome.Refused(SigningRefusal.WrongChain, $"The payment was approved on chain {terms.ChainId}, not {request.ChainId}.");
        if (!EvmAddress.TryParse(terms.Token, out var approvedToken) || approvedToken != token)
            return SigningOutcome.Refused(SigningRefusal.WrongToken, "The token is not the one the payment was approved in.");
        if (!EvmAddress.TryParse(terms.Recipient, out var approvedRecipient) || approvedRecipient != authorization.To)
            return SigningOutcome.Refused(SigningRefusal.WrongRecipient, "The recipient is not the one the payment was approved for.");
        if (!BigInteger.TryParse(terms.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var approvedAmount) ||
            authorization.Value > approvedAmount)
            return SigningOutcome.Refused(SigningRefusal.AmountExceedsApproval, $"The amount exceeds the approved {terms.Amount}.");
        if (request.ValidBefore <= now.ToUnixTimeSeconds())
            return SigningOutcome.Refused(SigningRefusal.AlreadyExpired, "validBefore is already in the past.");
        return null;
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
