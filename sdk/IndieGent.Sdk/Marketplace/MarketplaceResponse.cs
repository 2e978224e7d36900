using System.Net;

namespace IndieGent.Sdk.Marketplace;

/// <summary>
/// A marketplace service's answer and what it cost. Dispose it (it owns <see cref="Response"/>, whose
/// content may still be streaming from the provider).
/// </summary>
public sealed class MarketplaceResponse : IDisposable
{
    internal MarketplaceResponse(string service, HttpResponseMessage response, Guid? callId, MarketplaceChargeStatus chargeStatus, long? chargedAmount,
        PaymentOutcome? payment)
    {
        Service = service;
        Response = response;
        CallId = callId;
        ChargeStatus = chargeStatus;
        ChargedAmount = chargedAmount;
        Payment = payment;
    }

    /// <summary>The service's slug.</summary>
    public string Service { get; }

    /// <summary>The HTTP response: the provider's status, headers and body.</summary>
    public HttpResponseMessage Response { get; }

    /// <summary>The response's status code.</summary>
    public HttpStatusCode StatusCode => Response.StatusCode;

    /// <summary>Whether the status code is 2xx.</summary>
    public bool IsSuccessStatusCode => Response.IsSuccessStatusCode;

    /// <summary>The response's body.</summary>
    public HttpContent Content => Response.Content;

    /// <summary>
    /// A proxied call's id (<c>IndieGent-Call-Id</c>: the platform payment that charged it); for an
    /// external service, the platform payment that paid its 402, if any.
    /// </summary>
    public Guid? CallId { get; }

    /// <summary>What the call cost: <see cref="MarketplaceChargeStatus.Captured"/>, <see cref="MarketplaceChargeStatus.Pending"/>, <see cref="MarketplaceChargeStatus.Paid"/> or <see cref="MarketplaceChargeStatus.NotCharged"/>.</summary>
    public MarketplaceChargeStatus ChargeStatus { get; }

    /// <summary>The price charged (or held, when pending), in base units; <see langword="null"/> when nothing was charged or the payer did not say.</summary>
    public long? ChargedAmount { get; }

    /// <summary>An external service's 402 payment and its receipt, when one was made.</summary>
    public PaymentOutcome? Payment { get; }

    /// <summary>Throws an <see cref="HttpRequestException"/> unless the status code is 2xx (the call is charged either way).</summary>
    /// <returns>This response.</returns>
    public MarketplaceResponse EnsureSuccessStatusCode()
    {
        Response.EnsureSuccessStatusCode();
        return this;
    }

    /// <inheritdoc />
    public void Dispose() => Response.Dispose();
}
