using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace IndieGent.Onramp.Simulator.Sessions;

/// <summary>Every session in memory (a simulator forgets on restart, as tests want).</summary>
public sealed class SessionStore
{
    // 16 random bytes: the id is the only secret of a checkout URL, as Coinbase's session token is.
    private const int IdBytes = 16;

    private readonly ConcurrentDictionary<string, OnrampSession> _sessions = new(StringComparer.Ordinal);

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes));

    public void Add(OnrampSession session)
    {
        if (!_sessions.TryAdd(session.Id, session))
            throw new InvalidOperationException($"Session {session.Id} exists already.");
    }

    public OnrampSession? Find(string id) => _sessions.GetValueOrDefault(id);

    /// <summary>The sessions of <paramref name="partnerUserRef"/> that have a transaction, newest transaction first.</summary>
    public IReadOnlyList<(OnrampSession Session, Purchases.OnrampTransaction Transaction)> TransactionsOf(string partnerUserRef)
    {
        var found = new List<(OnrampSession Session, Purchases.OnrampTransaction Transaction)>();
        foreach (var session in _sessions.Values)
        {
            if (string.Equals(session.PartnerUserRef, partnerUserRef, StringComparison.Ordinal) && session.Transaction is { } transaction)
                found.Add((session, transaction));
        }

        return [.. found.OrderByDescending(p => p.Transaction.CreatedAt).ThenByDescending(p => p.Transaction.TransactionId)];
    }
}
