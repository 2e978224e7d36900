using IndieGent.Payments.Protocol.Evm;

namespace IndieGent.Payments.AspNetCore;

/// <summary>How the server charges: its chain, its secret, how it settles (section <c>Payments</c> by convention).</summary>
public sealed class PaymentServerOptions
{
    /// <summary>The realm in challenges; the request's host when empty.</summary>
    public string? Realm { get; set; }

    /// <summary>
    /// The HMAC key binding challenge ids (at least 32 bytes, base64 or text). Every instance of the
    /// service shares it; the server stores nothing per challenge.
    /// </summary>
    public string Secret { get; set; } = "";

    /// <summary>The EIP-155 chain payments settle on.</summary>
    public long ChainId { get; set; }

    /// <summary>The chain's JSON-RPC endpoint.</summary>
    public Uri RpcUrl { get; set; } = null!;

    /// <summary>
    /// The key that submits EIP-3009 authorizations (MPP <c>authorization</c>, x402 <c>exact</c>) and
    /// pays their gas. Without it only <c>transaction</c> and <c>hash</c> credentials are accepted.
    /// </summary>
    public string? SettlementPrivateKey { get; set; }

    /// <summary>Blocks a settlement needs (1 = mined) before the request is answered.</summary>
    public int Confirmations { get; set; } = 1;

    /// <summary>How often receipts and the chain head are polled while a settlement is confirmed (a block time or less).</summary>
    public TimeSpan ChainPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a challenge can be paid.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a request waits for its transfer to be mined and confirmed. Past it the answer is a 503 with
    /// <c>Retry-After</c>, the transfer is parked with the claim, and the same credential sent again resumes the wait.
    /// </summary>
    public TimeSpan SettlementTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Settlements this instance runs at once. One payer's run one at a time (the next waits for the previous,
    /// then its balance is checked); a settlement beyond this bound claims nothing and is answered 503 with
    /// <c>Retry-After</c>, for the client to send the same credential again.
    /// </summary>
    public int MaxConcurrentSettlements { get; set; } = 64;

    /// <summary>
    /// The MPP credential types offered, in preference order. <c>hash</c> (the payer broadcast the
    /// transfer itself) is the weakest: bound to the challenge only by its block time (no earlier than the
    /// challenge) and the credential's <c>source</c> (when given, the sender), single-use only by the replay
    /// store, which must then be durable. Offer it only where that is acceptable.
    /// </summary>
    public IList<string> CredentialTypes { get; } = [EvmCredentialTypes.Authorization, EvmCredentialTypes.Transaction];

    /// <summary>
    /// The Permit2 contract <c>permit2</c> credentials are settled through (add <c>permit2</c> to <see cref="CredentialTypes"/>);
    /// the canonical deployment when empty. The server's settlement key is the permits' spender (it submits them and pays gas),
    /// and challenges name it (<c>methodDetails.spender</c>).
    /// </summary>
    public string? Permit2Address { get; set; }

    /// <summary>
    /// The x402 <c>upto</c> proxy metered endpoints' permits are settled through (this server, the facilitator, calls it);
    /// the canonical deployment when empty.
    /// </summary>
    public string? X402UptoProxyAddress { get; set; }

    /// <summary>Whether MPP challenges are offered (and MPP credentials accepted).</summary>
    public bool EnableMpp { get; set; } = true;

    /// <summary>
    /// Asks for MPP credentials in <c>Payment-Authorization</c> (the challenge's <c>header</c> parameter) instead of
    /// <c>Authorization</c>, for APIs whose callers already send a bearer key in <c>Authorization</c>. A credential is
    /// then accepted only from the field its challenge names.
    /// </summary>
    public bool CredentialInPaymentAuthorization { get; set; }

    /// <summary>Whether x402 v2 requirements (<c>PAYMENT-REQUIRED</c>) are offered next to MPP.</summary>
    public bool EnableX402 { get; set; } = true;

    /// <summary>
    /// The x402 <c>payment-identifier</c> extension: declared in <c>PAYMENT-REQUIRED</c> (unless <see cref="PaymentIdentifierUse.Off"/>);
    /// a payment carrying an id is answered once: the same id with the same payment (payload, method and route) gets the
    /// first answer again without a second charge, the same id with another payment a 409.
    /// </summary>
    public PaymentIdentifierUse PaymentIdentifier { get; set; } = PaymentIdentifierUse.Optional;

    /// <summary>How long the answer to an identified payment is kept for its resends.</summary>
    public TimeSpan PaymentIdentifierRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The largest answer body kept for an identified payment; a larger answer is not kept, and its resend is refused (409): a
    /// payment is served once.
    /// </summary>
    public int MaxRememberedAnswerBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// The older IndieGent dialect (<c>type="exact", chain=…</c>, paid with a transaction hash mined within the
    /// challenge's lifetime): offered when set, under this chain name (for example <c>base</c> or <c>local</c>).
    /// Needs <c>hash</c> in <see cref="CredentialTypes"/> (and so a durable replay store).
    /// </summary>
    public string? LegacyChainName { get; set; }

    /// <summary>The currency symbol of the older dialect.</summary>
    public string LegacyCurrency { get; set; } = "USDC";

    /// <summary>
    /// Payers the server refuses (answered 403), for example sanctioned addresses. Asked, with an EIP-55 address,
    /// about every account a payment comes from, before anything is claimed or submitted: an authorization's
    /// signer, a transaction's sender, and for a hash proof the sender and each account its transfer debits.
    /// </summary>
    public Func<string, bool>? IsPayerRefused { get; set; }
}

/// <summary>Whether the x402 <c>payment-identifier</c> extension is declared, and whether a payment must carry an id.</summary>
public enum PaymentIdentifierUse
{
    /// <summary>Not declared; ids are ignored.</summary>
    Off,

    /// <summary>Declared; a payment may carry an id.</summary>
    Optional,

    /// <summary>Declared as required: an x402 payment without an id is a 400.</summary>
    Required,
}
