using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using IndieGent.Payments.Protocol.Mcp;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace IndieGent.Mcp.Payments;

/// <summary>
/// Wraps a client transport so that a call refused for payment (JSON-RPC error <c>-32042</c>, or <c>-32043</c> when a credential
/// did not verify) reaches the caller as a tool result instead of an exception that would lose the error's <c>data</c>: an
/// error result whose <c>_meta</c> holds the error under <see cref="ErrorMetaKey"/>, for <see cref="PaidMcpClient"/> to pay.
/// </summary>
internal sealed class PaymentRequiredTransport(IClientTransport inner) : IClientTransport
{
    /// <summary>Where the payment error travels in the rewritten result's <c>_meta</c> (not on the wire).</summary>
    public const string ErrorMetaKey = "indiegent/payment-error";

    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new Session(await inner.ConnectAsync(cancellationToken).ConfigureAwait(false));

    private sealed class Session : ITransport
    {
        private readonly ITransport _inner;
        private readonly Channel<JsonRpcMessage> _messages = Channel.CreateUnbounded<JsonRpcMessage>(new() { SingleReader = true, SingleWriter = true });
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _pump;

        public Session(ITransport inner)
        {
            _inner = inner;
            _pump = PumpAsync();
        }

        public string? SessionId => _inner.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader => _messages.Reader;

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) =>
            _inner.SendMessageAsync(message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _inner.DisposeAsync().ConfigureAwait(false);
            try
            {
                await _pump.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopped
            }

            _stop.Dispose();
        }

        private async Task PumpAsync()
        {
            try
            {
                await foreach (var message in _inner.MessageReader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
                    await _messages.Writer.WriteAsync(Rewrite(message), _stop.Token).ConfigureAwait(false);
                _messages.Writer.TryComplete();
            }
            catch (Exception e)
            {
                _messages.Writer.TryComplete(e is OperationCanceledException ? null : e);
            }
        }

        private static JsonRpcMessage Rewrite(JsonRpcMessage message)
        {
            if (message is not JsonRpcError { Error.Code: McpPayment.PaymentRequiredCode or McpPayment.VerificationFailedCode } error)
                return message;
            var detail = new JsonObject
            {
                ["code"] = error.Error.Code,
                ["message"] = error.Error.Message,
                ["data"] = error.Error.Data is { } data ? JsonSerializer.SerializeToNode(data, McpJsonUtilities.DefaultOptions) : null,
            };
            var result = new JsonObject
            {
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = error.Error.Message }),
                ["isError"] = true,
                ["_meta"] = new JsonObject { [ErrorMetaKey] = detail },
            };
            return new JsonRpcResponse { Id = error.Id, Result = result, Context = error.Context };
        }
    }
}
