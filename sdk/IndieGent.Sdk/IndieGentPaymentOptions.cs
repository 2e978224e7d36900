using System.Numerics;
using IndieGent.Payments.Protocol.Evm;

namespace IndieGent.Sdk;

/// <summary>How the payment handler pays 402s.</summary>
public sealed class IndieGentPaymentOptions
{
    /// <summary>The most one request may cost, in base units; <see langword="null"/> leaves the limit to the wallet's policy.</summary>
    public BigInteger? MaxAmount { get; set; }

    /// <summary>
    /// The caller's <c>Accept-Payment</c> preferences (for example <c>evm/charge, x402/exact;q=0.5</c>),
    /// sent on every request and used to choose among offers.
    /// </summary>
    public string? AcceptPayment { get; set; }

    /// <summary>
    /// Request bodies up to this size are buffered once so the paid retry can send them again; a larger
    /// streamed body is sent once and its 402 is a <see cref="PaymentFailureReasons.BodyNotReplayable"/> error.
    /// </summary>
    public long MaxReplayableBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Chain names and token symbols: x402 v1 network names and the older dialect's <c>chain</c> and
    /// <c>currency</c> (add the token behind "USDC" on your chain with <see cref="EvmNetworkDirectory.AddToken"/>).
    /// </summary>
    public EvmNetworkDirectory Networks { get; set; } = EvmNetworkDirectory.CreateDefault();

    /// <summary>The clock for challenge expiry.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
