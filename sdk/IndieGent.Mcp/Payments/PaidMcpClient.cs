using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using IndieGent.Payments.Protocol;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mcp;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.Offers;
using IndieGent.Sdk;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace IndieGent.Mcp.Payments;

/// <summary>
/// An MCP client whose tool calls pay when the server asks (MPP over MCP: error <c>-32042</c> with challenges): the
/// challenges go to the payer (the agent's own key, or IndieGent paying from its wallet under its controls), the call is
/// made once more with the credential in <c>_meta["org.paymentauth/credential"]</c>, and the server's receipt comes back
/// with the result. A call refused again is returned as the server's error result, never paid twice.
/// </summary>
public sealed class PaidMcpClient : IAsyncDisposable
{
    private readonly IPaymentPayer _payer;
    private readonly Uri _resource;

    private PaidMcpClient(McpClient client, IPaymentPayer payer, Uri resource)
    {
        Client = client;
        _payer = payer;
        _resource = resource;
    }

    /// <summary>The MCP client (its calls outside <see cref="CallToolAsync"/> are not paid).</summary>
    public McpClient Client { get; }

    /// <summary>Connects to an MCP server over Streamable HTTP.</summary>
    /// <param name="endpoint">The server's MCP endpoint (it also names the paid resource to the payer: its host meets the agent's host rules).</param>
    /// <param name="payer">Who pays.</param>
    /// <param name="options">The client's options.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <returns>The connected client.</returns>
    public static Task<PaidMcpClient> ConnectAsync(Uri endpoint, IPaymentPayer payer, McpClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return ConnectAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint }), endpoint, payer, options, cancellationToken);
    }

    /// <summary>Connects over any transport (stdio, for example).</summary>
    /// <param name="transport">The transport.</param>
    /// <param name="resource">What the payer is told it pays for (an http(s) URL naming the server).</param>
    /// <param name="payer">Who pays.</param>
    /// <param name="options">The client's options.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <returns>The connected client.</returns>
    public static async Task<PaidMcpClient> ConnectAsync(IClientTransport transport, Uri resource, IPaymentPayer payer, McpClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(payer);
        var client = await McpClient.CreateAsync(new PaymentRequiredTransport(transport), options, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new PaidMcpClient(client, payer, resource);
    }

    /// <summary>Calls a tool, paying once when the server asks for payment.</summary>
    /// <param name="name">The tool.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="maxAmount">The most this call may cost, in base units.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result, with the payment made (if any) and the server's receipt.</returns>
    /// <exception cref="PaymentException">The server asked for a payment that was not made (unpayable, above the maximum, refused).</exception>
    public async Task<PaidToolResult> CallToolAsync(string name, IReadOnlyDictionary<string, object?>? arguments = null, BigInteger? maxAmount = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var first = await CallAsync(name, arguments, credential: null, cancellationToken).ConfigureAwait(false);
        if (PaymentError(first) is not { } asked || asked.Code != McpPayment.PaymentRequiredCode)
            return new PaidToolResult(first, null, null);

        var challenges = McpPayment.ChallengesFromData(asked.Data, out _);
        string[] wwwAuthenticate = [.. challenges.Select(c => c.Format())];
        var proof = await _payer.PayAsync(new PaymentRequired
        {
            RequestUri = _resource,
            Method = HttpMethod.Post,
            WwwAuthenticate = wwwAuthenticate,
            Offers = new PaymentOfferReader(EvmNetworkDirectory.CreateDefault(), TimeProvider.System).Read(wwwAuthenticate),
            MaxAmount = maxAmount,
        }, cancellationToken).ConfigureAwait(false);
        // Only MPP challenges travel over MCP, so the proof is an MPP credential (in whichever field an HTTP server would take it).
        var credential = PaymentCredential.Parse(proof.Headers.Single(h => h.Value.StartsWith(PaymentHeaderNames.Scheme + " ", StringComparison.Ordinal)).Value);
        // Paid for: a call lost on the way is sent again with the same credential (the server settles it once), never paid again.
        CallToolResult paid;
        try
        {
            paid = await CallAsync(name, arguments, McpPayment.ToJson(credential), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                paid = await CallAsync(name, arguments, McpPayment.ToJson(credential), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception again) when (again is HttpRequestException or IOException)
            {
                throw new PaymentException(PaymentFailureReasons.SettlementFailed,
                    $"The paid call to {name} was lost twice on the way; the credential (challenge {credential.Challenge.Id}) may still be settled: send it again rather than paying anew.",
                    paymentId: proof.PaymentId, innerException: again);
            }
        }

        PaymentReceipt? receipt = null;
        if (paid.Meta?[McpPayment.ReceiptMetaKey] is { } receiptNode)
        {
            try
            {
                receipt = McpPayment.ReceiptFromJson(JsonSerializer.SerializeToElement(receiptNode));
            }
            catch (PaymentProtocolException)
            {
                // A receipt this client cannot read: the result stands.
            }
        }

        return new PaidToolResult(paid, proof, receipt);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Client.DisposeAsync();

    private Task<CallToolResult> CallAsync(string name, IReadOnlyDictionary<string, object?>? arguments, JsonElement? credential, CancellationToken ct)
    {
        var meta = credential is { } value ? new JsonObject { [McpPayment.CredentialMetaKey] = JsonNode.Parse(value.GetRawText()) } : null;
        return Client.CallToolAsync(name, arguments, options: meta is null ? null : new ModelContextProtocol.RequestOptions { Meta = meta }, cancellationToken: ct)
            .AsTask();
    }

    private static (int Code, JsonElement Data)? PaymentError(CallToolResult result)
    {
        if (result.IsError != true || result.Meta?[PaymentRequiredTransport.ErrorMetaKey] is not JsonObject error)
            return null;
        var data = error["data"] is { } node ? JsonSerializer.SerializeToElement(node) : default;
        return ((int)error["code"]!, data);
    }
}

/// <summary>A tool's result, with what was paid for it.</summary>
/// <param name="Result">The tool's result.</param>
/// <param name="Payment">The payment made, if the server asked for one.</param>
/// <param name="Receipt">The server's receipt, if it sent one.</param>
public sealed record PaidToolResult(CallToolResult Result, PaymentProof? Payment, PaymentReceipt? Receipt);
