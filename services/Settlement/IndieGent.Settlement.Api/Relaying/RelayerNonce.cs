namespace IndieGent.Settlement.Api.Relaying;

/// <summary>
/// The next nonce Settlement gives a relay of the relayer <see cref="Id"/> (lower-case hex address).
/// </summary>
/// <remarks>
/// <para>The counter lives here, in Settlement's database, not in the Wallet's: it is moved in the
/// same commit that inserts the <see cref="RelayedTransfer"/> holding the nonce, and Settlement is
/// the one that sends, watches and finishes every record. So a nonce is never taken without a
/// durable record obliged to consume it on chain — whatever crashes between the reservation, the
/// Wallet's signature and the broadcast, the watcher signs (the relay, or a cancellation when the
/// authorization can no longer pay) and sends what the record holds. Were it in the Wallet, a
/// crash between the Wallet's commit and Settlement's record would leave a nonce no process is
/// obliged to send, and every later relay would wait behind that gap.</para>
/// <para>Concurrent reservations race on this document's version (optimistic concurrency); the
/// loser reads again, so two relays never get one nonce, and a failed commit takes none. The
/// Wallet binds each nonce to one relay too, so even a confused Settlement cannot have two signed.</para>
/// </remarks>
public sealed class RelayerNonce
{
    public string Id { get; set; } = "";

    public long Next { get; set; }
}
