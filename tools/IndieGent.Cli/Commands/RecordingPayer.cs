using IndieGent.Sdk;

namespace IndieGent.Cli.Commands;

/// <summary>Pays through the platform and remembers the 402 it was handed and what was paid, for <c>fetch -v</c>.</summary>
public sealed class RecordingPayer(IPaymentPayer inner) : IPaymentPayer
{
    public PaymentRequired? Required { get; private set; }

    public PaymentProof? Proof { get; private set; }

    public async Task<PaymentProof> PayAsync(PaymentRequired required, CancellationToken cancellationToken)
    {
        Required = required;
        Proof = await inner.PayAsync(required, cancellationToken);
        return Proof;
    }
}
