namespace IndieGent.Sdk;

/// <summary>Pays a 402: the platform (an IndieGent wallet) or a key the caller holds.</summary>
public interface IPaymentPayer
{
    /// <summary>Pays one of the 402's offers and returns the retry's headers.</summary>
    /// <param name="required">The 402 and the caller's limits.</param>
    /// <param name="cancellationToken">Cancels the payment (a payment already made stays made).</param>
    /// <returns>The proof for the retry.</returns>
    /// <exception cref="PaymentException">The payer would not or could not pay.</exception>
    Task<PaymentProof> PayAsync(PaymentRequired required, CancellationToken cancellationToken);
}
