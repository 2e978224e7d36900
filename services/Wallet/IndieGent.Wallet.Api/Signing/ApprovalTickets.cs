using System.Globalization;
using System.Numerics;
using IndieGent.Chain;
using IndieGent.ServiceDefaults.Tickets;
using IndieGent.Wallet.Signing;

namespace IndieGent.Wallet.Api.Signing;

/// <summary>Reads a signing request's approval ticket: only one a trusted Ledger key signed becomes a <see cref="SigningApproval"/>.</summary>
public sealed class ApprovalTickets(ApprovalTicketVerifier verifier)
{
    /// <summary>The approval, or null with why in <paramref name="problem"/>.</summary>
    public SigningApproval? Read(string? ticket, out string problem)
    {
        if (verifier.Verify(ticket, out problem) is not { } t)
            return null;
        if (!EvmAddress.TryParse(t.Token, out var token) || !EvmAddress.TryParse(t.Recipient, out var recipient) ||
            !BigInteger.TryParse(t.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            problem = "The approval ticket's token, recipient or amount cannot be read.";
            return null;
        }

        EvmAddress? spender = null;
        if (t.Spender is { } spenderText)
        {
            if (!EvmAddress.TryParse(spenderText, out var parsed))
            {
                problem = "The approval ticket's spender cannot be read.";
                return null;
            }

            spender = parsed;
        }

        var splits = new List<(EvmAddress, BigInteger)>();
        foreach (var split in t.Splits ?? [])
        {
            if (!EvmAddress.TryParse(split.Recipient, out var to) ||
                !BigInteger.TryParse(split.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var part))
            {
                problem = "The approval ticket's splits cannot be read.";
                return null;
            }

            splits.Add((to, part));
        }

        return new SigningApproval(t.PaymentId, t.AgentId, t.ChainId, token, recipient, amount, t.CredentialType, t.ExpiresAt, spender, splits);
    }
}
