using System.Numerics;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Legacy;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.X402;

namespace IndieGent.Payments.Protocol.Offers;

/// <summary>
/// One way a server will accept payment, whatever protocol announced it: an ERC-20 transfer of
/// <see cref="Amount"/> base units of <see cref="Asset"/> to <see cref="Recipient"/> on
/// <see cref="ChainId"/>. Exactly one origin (<see cref="MppChallenge"/>, <see cref="LegacyChallenge"/>
/// or <see cref="X402Requirements"/>) is set; the retry is built from it.
/// </summary>
public sealed record PaymentOffer
{
    /// <summary>The pseudo-method used for x402 offers in <c>Accept-Payment</c> ranges (<c>x402/exact</c>).</summary>
    public const string X402Method = "x402";

    /// <summary>The announcing protocol.</summary>
    public required PaymentProtocol Protocol { get; init; }

    /// <summary>The method for preference matching: <c>evm</c> for MPP and the dialect, <c>x402</c> for x402.</summary>
    public required string Method { get; init; }

    /// <summary>The intent for preference matching: <c>charge</c>, or the x402 scheme (<c>exact</c>).</summary>
    public required string Intent { get; init; }

    /// <summary>The EIP-155 chain.</summary>
    public required long ChainId { get; init; }

    /// <summary>The ERC-20 token.</summary>
    public required EvmAddress Asset { get; init; }

    /// <summary>The (primary) recipient.</summary>
    public required EvmAddress Recipient { get; init; }

    /// <summary>The total the payer sends, in base units (uint256 range).</summary>
    public required BigInteger Amount { get; init; }

    /// <summary>When the offer stops being payable, if stated (<c>expires</c>, or dialect <c>maxAge</c> from receipt).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>
    /// Credential types the server accepts for this offer, in server preference order; already
    /// narrowed to <c>permit2</c> when the request has splits.
    /// </summary>
    public required IReadOnlyList<string> CredentialTypes { get; init; }

    /// <summary>Display text from the server (never used to decide anything).</summary>
    public string? Description { get; init; }

    /// <summary>The position among all offers of the response: the server's preference order.</summary>
    public required int ServerOrder { get; init; }

    /// <summary>The MPP challenge, for <see cref="PaymentProtocol.Mpp"/>.</summary>
    public PaymentChallenge? MppChallenge { get; init; }

    /// <summary>The evm charge request (MPP) or its mapping (dialect).</summary>
    public EvmChargeRequest? EvmRequest { get; init; }

    /// <summary>The dialect challenge, for <see cref="PaymentProtocol.IndieGentLegacy"/>.</summary>
    public LegacyPaymentChallenge? LegacyChallenge { get; init; }

    /// <summary>The x402 offer document, for x402.</summary>
    public X402PaymentRequired? X402Offer { get; init; }

    /// <summary>The chosen x402 entry, for x402.</summary>
    public X402PaymentRequirements? X402Requirements { get; init; }

    /// <summary>Whether the offer has expired at the provider's time, allowing for <paramref name="minimumRemaining"/>.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="minimumRemaining">How much validity must remain for a payment to arrive in time.</param>
    /// <returns><see langword="true"/> when it is too late to pay.</returns>
    public bool IsExpired(TimeProvider timeProvider, TimeSpan minimumRemaining = default)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return ExpiresAt is { } expiresAt && timeProvider.GetUtcNow() + minimumRemaining >= expiresAt;
    }

    /// <summary>A log-safe summary.</summary>
    /// <returns>Protocol, chain, asset, amount and recipient.</returns>
    public override string ToString() => $"{Protocol} {Method}/{Intent}: {Amount} of {Asset} to {Recipient} on chain {ChainId}";
}
