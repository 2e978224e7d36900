namespace IndieGent.Settlement.Api.Payments;

/// <summary>The Wallet has not yet recorded the Ledger's approval of the payment; retried by the endpoint.</summary>
public sealed class SignerNotReadyException(Guid paymentId)
    : Exception($"The Wallet has not recorded the approval of payment {paymentId} yet.");
