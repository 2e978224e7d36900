namespace IndieGent.Wallet.Signing;

/// <summary>
/// The one signature the Wallet ever issues for a payment (id = payment id). A repeated request
/// with the same fields gets this signature back; any other request for the payment is refused,
/// so a payment can never be authorised twice under two nonces.
/// </summary>
public sealed record IssuedSignature(Guid Id, TransferSigningRequest Request, string Signature, DateTimeOffset SignedAt);
