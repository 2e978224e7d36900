namespace IndieGent.Ledger.Accounts;

/// <summary>
/// Names of the ledger accounts an agent's money moves between, and the journal derived from an
/// agent's events. The journal is a pure function of the event stream, so an auditor can replay
/// the stream and get the same entries.
/// </summary>
public static class LedgerAccounts
{
    /// <summary>The agent's spendable funds.</summary>
    public static string Agent(Guid agentId) => $"agent:{agentId:N}";

    /// <summary>Funds held for the agent's payments in flight.</summary>
    public static string Pending(Guid agentId) => $"agent:{agentId:N}:pending";

    /// <summary>Where money came from: the chain (custody of the agent's address).</summary>
    public static string Custody(string currency) => $"custody:{currency.ToLowerInvariant()}";

    /// <summary>The merchant a payment settled to.</summary>
    public static string Merchant(string recipient) => $"merchant:{recipient.ToLowerInvariant()}";

    /// <summary>Another custodial wallet of the operator a transfer settled to (its treasury or one of its agents).</summary>
    public static string Wallet(string address) => $"wallet:{address.ToLowerInvariant()}";

    /// <summary>A marketplace provider (by payout address): what its services earned, payable until paid out.</summary>
    public static string Provider(string payoutAddress) => $"provider:{payoutAddress.ToLowerInvariant()}";

    /// <summary>A provider's own address on chain: where its payouts go.</summary>
    public static string PaidOut(string payoutAddress) => $"paid-out:{payoutAddress.ToLowerInvariant()}";

    /// <summary>
    /// The journal of one provider account: each confirmed payout moves its amount from the
    /// provider's account (credited by the agents' captured calls, see <see cref="Journal"/>) to its
    /// address on chain, so the provider's balance in the ledger is what it is still owed; a payout
    /// reorganised out moves it back until it is confirmed anew.
    /// </summary>
    public static IEnumerable<JournalEntry> ProviderJournal(string currency, string payoutAddress, IEnumerable<(long Sequence, object Data)> events)
    {
        foreach (var (sequence, data) in events)
        {
            if (data is Providers.PayoutSettled e)
            {
                yield return new JournalEntry($"{sequence}", e.PayoutId, Provider(payoutAddress), PaidOut(payoutAddress), e.Amount, currency,
                    JournalEntryKind.Payout, e.TxHash, e.At);
            }
            else if (data is Providers.PayoutReopened r)
            {
                yield return new JournalEntry($"{sequence}", r.PayoutId, PaidOut(payoutAddress), Provider(payoutAddress), r.Amount, currency,
                    JournalEntryKind.PayoutReopened, r.TxHash, r.At);
            }
        }
    }

    /// <summary>Where a settled hold's money went.</summary>
    private static string Payee(HoldPlaced hold) => hold.Kind switch
    {
        HoldKind.Transfer => Wallet(hold.Recipient),
        HoldKind.Marketplace => Provider(hold.Recipient),
        _ => Merchant(hold.Recipient),
    };

    // A capture's entries: to the hold's payee, or, for a payment that reached several recipients, one per recipient.
    private static IEnumerable<JournalEntry> Captured(string id, HoldCaptured e, string from, string payee, string currency)
    {
        if (e.Shares is not { Count: > 0 } shares)
        {
            yield return new JournalEntry(id, e.PaymentId, from, payee, e.Amount, currency, JournalEntryKind.HoldCaptured, e.TxHash, e.At);
            yield break;
        }

        for (var i = 0; i < shares.Count; i++)
        {
            yield return new JournalEntry(i == 0 ? id : $"{id}.s{i}", e.PaymentId, from, Merchant(shares[i].Recipient), shares[i].Amount, currency,
                JournalEntryKind.HoldCaptured, e.TxHash, e.At);
        }
    }

    /// <summary>The journal of one agent account, in event order.</summary>
    public static IEnumerable<JournalEntry> Journal(string currency, IEnumerable<(long Sequence, object Data)> events)
    {
        var holds = new Dictionary<Guid, HoldPlaced>();
        var released = new Dictionary<Guid, HoldPlaced>();
        var captured = new Dictionary<Guid, (HoldPlaced Hold, HoldCaptured Capture, string From)>();
        foreach (var (sequence, data) in events)
        {
            switch (data)
            {
                case FundsCredited e:
                    yield return new JournalEntry($"{sequence}", null, Custody(currency), Agent(e.AgentId), e.Amount, currency,
                        JournalEntryKind.Credit, e.Reference, e.At);
                    break;
                case CreditReversed e:
                    yield return new JournalEntry($"{sequence}", null, Agent(e.AgentId), Custody(currency), e.Amount, currency,
                        JournalEntryKind.CreditReversed, e.Reference, e.At);
                    break;
                case HoldPlaced e:
                    holds[e.PaymentId] = e;
                    yield return new JournalEntry($"{sequence}", e.PaymentId, Agent(e.AgentId), Pending(e.AgentId), e.Amount, currency,
                        JournalEntryKind.HoldPlaced, e.ChallengeId, e.At);
                    break;
                case HoldCaptured e when holds.Remove(e.PaymentId, out var hold):
                    captured[e.PaymentId] = (hold, e, Pending(e.AgentId));
                    foreach (var entry in Captured($"{sequence}", e, Pending(e.AgentId), Payee(hold), currency))
                        yield return entry;
                    if (hold.Amount > e.Amount)
                    {
                        yield return new JournalEntry($"{sequence}.1", e.PaymentId, Pending(e.AgentId), Agent(e.AgentId), hold.Amount - e.Amount,
                            currency, JournalEntryKind.HoldVoided, "partial capture", e.At);
                    }
                    break;
                case HoldCaptured e when released.TryGetValue(e.PaymentId, out var voided):
                    // Settled on chain after its hold was voided: straight from the agent's funds.
                    captured[e.PaymentId] = (voided, e, Agent(e.AgentId));
                    foreach (var entry in Captured($"{sequence}", e, Agent(e.AgentId), Payee(voided), currency))
                        yield return entry;
                    break;
                case CaptureReopened e when captured.Remove(e.PaymentId, out var capture):
                    // Each of the capture's entries back into pending: the payment is held again until the chain decides.
                    foreach (var entry in Captured($"{sequence}", capture.Capture, capture.From, Payee(capture.Hold), currency))
                    {
                        yield return entry with
                        {
                            Debit = entry.Credit, Credit = Pending(e.AgentId), Kind = JournalEntryKind.CaptureReopened, Reference = e.TxHash, At = e.At,
                        };
                    }

                    holds[e.PaymentId] = capture.Hold with { Amount = e.Amount };
                    break;
                case HoldVoided e when holds.Remove(e.PaymentId, out var hold):
                    released[e.PaymentId] = hold;
                    yield return new JournalEntry($"{sequence}", e.PaymentId, Pending(e.AgentId), Agent(e.AgentId), hold.Amount, currency,
                        JournalEntryKind.HoldVoided, e.Reason, e.At);
                    break;
            }
        }
    }
}
