using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using IndieGent.Payments.AspNetCore;
using IndieGent.Payments.Protocol;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mcp;
using IndieGent.Payments.Protocol.Mpp;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace IndieGent.Payments.Mcp;

/// <summary>
/// Puts a price on MCP tools (MPP over MCP, draft-payment-transport-mcp): a call without a credential is refused with JSON-RPC
/// error <c>-32042</c> whose <c>data.challenges</c> holds a fresh evm charge challenge; a call with the credential object in
/// <c>_meta["org.paymentauth/credential"]</c> is verified and settled by the <see cref="PaymentGate"/> exactly as an HTTP
/// credential (same binding, checks, single settlement), runs, and answers with the receipt in <c>_meta["org.paymentauth/receipt"]</c>;
/// a credential that does not pay is refused with <c>-32043</c>, the reason and a fresh challenge; one that could not be settled
/// yet (the chain unreachable, every settlement slot taken, a transfer not confirmed in time) with an internal error and no
/// challenge, to be sent again as it is.
/// </summary>
public static class PaidMcpTools
{
    /// <summary>Charges for the tools <paramref name="configure"/> prices (needs <c>AddPaymentGate</c>).</summary>
    /// <param name="builder">The MCP server.</param>
    /// <param name="configure">The prices.</param>
    /// <returns>The builder.</returns>
    public static IMcpServerBuilder WithPaidTools(this IMcpServerBuilder builder, Action<PaidToolPrices> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var prices = new PaidToolPrices();
        configure(prices);
        // Keyed by the transport the request came on (one per HTTP request when stateless) and the request's id.
        var refusals = new ConditionalWeakTable<object, ConcurrentDictionary<RequestId, JsonElement>>();
        return builder
            .WithRequestFilters(filters => filters.AddCallToolFilter(next => async (context, ct) =>
            {
                if (context.Params?.Name is not { } name || !prices.TryGet(name, out var requirement))
                    return await next(context, ct).ConfigureAwait(false);
                var gate = context.Services!.GetRequiredService<PaymentGate>();
                var request = (JsonRpcRequest)context.JsonRpcMessage;
                var id = request.Id;
                var origin = Origin(request, context.Server);
                if (context.Params.Meta?[McpPayment.CredentialMetaKey] is not { } offered)
                    throw Refuse(refusals, origin, id, McpPayment.PaymentRequiredCode, "Payment Required", gate, requirement, prices.Realm, problem: null);

                PaymentCredential credential;
                try
                {
                    credential = McpPayment.CredentialFromJson(JsonSerializer.SerializeToElement(offered));
                }
                catch (PaymentProtocolException e)
                {
                    throw new McpProtocolException($"Malformed payment credential: {e.Message}", McpErrorCode.InvalidParams);
                }

                var check = await gate.CheckCredentialAsync(credential, requirement, ct).ConfigureAwait(false);
                // Nothing settled yet, or a transfer not confirmed in time: the same credential is sent again, nothing new is paid.
                if (check.Status == 503)
                    throw new McpProtocolException($"{check.Title}: {check.Detail}", McpErrorCode.InternalError);
                if (check.Paid is not { } paid)
                {
                    var problem = JsonSerializer.SerializeToElement(new JsonObject
                    {
                        ["type"] = check.ProblemType, ["title"] = check.Title, ["status"] = check.Status, ["detail"] = check.Detail,
                    });
                    throw Refuse(refusals, origin, id, McpPayment.VerificationFailedCode, "Payment Verification Failed", gate, requirement,
                        prices.Realm, problem);
                }

                var result = await next(context, ct).ConfigureAwait(false);
                var receipt = PaymentReceipt.Create(EvmChargeRequest.Method, paid.TransactionHash, DateTimeOffset.UtcNow, paid.ChallengeId,
                    gate.ChainId);
                result.Meta ??= [];
                result.Meta[McpPayment.ReceiptMetaKey] = JsonNode.Parse(McpPayment.ToJson(receipt).GetRawText());
                return result;
            }))
            // The refusal's challenges go out as the error's data (the SDK writes errors without it).
            .WithMessageFilters(filters => filters.AddOutgoingFilter(next => async (context, ct) =>
            {
                if (context.JsonRpcMessage is JsonRpcError { Error.Code: McpPayment.PaymentRequiredCode or McpPayment.VerificationFailedCode } error &&
                    refusals.TryGetValue(Origin(error, context.Server), out var pending) && pending.TryRemove(error.Id, out var data))
                    error.Error.Data = data;
                await next(context, ct).ConfigureAwait(false);
            }));
    }

    // The transport a message came (or goes) on; the server when the transport does not say.
    private static object Origin(JsonRpcMessage message, McpServer server) => message.Context?.RelatedTransport ?? (object)server;

    private static McpProtocolException Refuse(ConditionalWeakTable<object, ConcurrentDictionary<RequestId, JsonElement>> refusals, object server,
        RequestId id, int code, string message, PaymentGate gate, PaymentRequirement requirement, string realm, JsonElement? problem)
    {
        var challenge = gate.IssueChallenge(requirement, realm);
        refusals.GetOrCreateValue(server)[id] = McpPayment.PaymentRequiredData([challenge], problem);
        return new McpProtocolException(message, (McpErrorCode)code);
    }
}

/// <summary>The MCP tools that cost something, and their prices.</summary>
public sealed class PaidToolPrices
{
    private readonly Dictionary<string, PaymentRequirement> _prices = new(StringComparer.Ordinal);

    /// <summary>The challenges' realm when the payment gate has none configured (the MCP server's host, typically).</summary>
    public string Realm { get; set; } = "mcp";

    /// <summary>Prices <paramref name="tool"/>.</summary>
    /// <param name="tool">The tool's name.</param>
    /// <param name="price">Base units of <paramref name="token"/> per call.</param>
    /// <param name="token">The token address.</param>
    /// <param name="recipient">Who is paid.</param>
    /// <param name="description">Shown to payers.</param>
    /// <returns>These prices.</returns>
    public PaidToolPrices Add(string tool, BigInteger price, string token, string recipient, string? description = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tool);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(price);
        _prices[tool] = new PaymentRequirement(price, EvmAddress.Parse(token, nameof(token)), EvmAddress.Parse(recipient, nameof(recipient)), description);
        return this;
    }

    internal bool TryGet(string tool, out PaymentRequirement requirement) => _prices.TryGetValue(tool, out requirement!);
}
