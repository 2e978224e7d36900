using System.Numerics;
using IndieGent.Payments.Protocol.Offers;

namespace IndieGent.Sdk;

/// <summary>What a payer produced for a 402: the headers the retry carries, and what was paid.</summary>
/// <param name="Protocol">The protocol of the offer that was paid.</param>
/// <param name="CredentialType">The credential type (<c>authorization</c>, <c>transaction</c>, <c>hash</c>, or <c>exact</c> for x402).</param>
/// <param name="Headers">Header name and value pairs for the retry.</param>
/// <param name="Offer">The paid offer, when the payer chose it locally.</param>
/// <param name="PaymentId">The platform's payment id, when the platform paid.</param>
/// <param name="TransactionHash">The payer's own transaction, for <c>hash</c> credentials.</param>
/// <param name="Amount">What the platform paid, in base units, as it answered (a local payer's price is the <paramref name="Offer"/>'s).</param>
public sealed record PaymentProof(
    PaymentProtocol Protocol,
    string CredentialType,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    PaymentOffer? Offer = null,
    Guid? PaymentId = null,
    string? TransactionHash = null,
    BigInteger? Amount = null);
