namespace IndieGent.Contracts.Payments;

/// <summary>
/// One recipient's part of a payment: a split the merchant's challenge names besides its primary recipient (MPP
/// <c>permit2</c>), or, in <see cref="Confirmed.Shares"/>, what one recipient received on chain.
/// </summary>
/// <param name="Recipient">0x + 40 hex digits, lower case.</param>
/// <param name="Amount">Base units, decimal string.</param>
public sealed record PaymentSplit(string Recipient, string Amount);
