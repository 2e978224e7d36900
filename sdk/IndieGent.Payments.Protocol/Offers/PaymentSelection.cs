namespace IndieGent.Payments.Protocol.Offers;

/// <summary>The offer a payer will answer and the credential type it will use.</summary>
/// <param name="Offer">The offer.</param>
/// <param name="CredentialType">The first of the server's credential types the payer can produce.</param>
public sealed record PaymentSelection(PaymentOffer Offer, string CredentialType);
