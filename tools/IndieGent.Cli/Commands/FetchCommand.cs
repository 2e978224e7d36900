using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IndieGent.Cli.Gateway;
using IndieGent.Sdk;
using IndieGent.Sdk.Payers;

namespace IndieGent.Cli.Commands;

/// <summary>
/// <c>fetch &lt;url&gt;</c>: curl for paid APIs. A 402 (MPP, x402 or the older dialect) is paid from the agent's wallet through the
/// platform (its spending controls apply), the request is sent again with the credential, and the body is printed.
/// </summary>
public static class FetchCommand
{
    public static Command Build(CliContext cli)
    {
        var url = new Argument<string>("url") { Description = "The paid API's URL." };
        var request = new RequestOptions();
        var maxAmount = new Option<string?>("--max-amount") { Description = "Pay at most this many USDC for this request (e.g. 0.05)." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show the request, the 402's challenge, the payment and the receipt on standard error." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the body to this file instead of standard output." };
        var fail = new Option<bool>("--fail", "-f") { Description = "Exit with 1 when the API answers with an HTTP error (400 or above)." };
        var wait = new Option<int>("--wait")
        {
            Description = "Seconds to wait for a payment the platform holds (e.g. for an operator's approval).",
            DefaultValueFactory = _ => 120,
        };
        var command = new Command("fetch", "curl for paid APIs: request a URL; a 402 is paid from the agent's wallet through IndieGent (agent key), and the body printed.")
        {
            url, maxAmount, verbose, output, fail, wait,
        };
        request.AddTo(command);
        cli.Action(command, async (parse, session, ct) =>
        {
            var terminal = session.Terminal;
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
                throw CliException.Usage($"'{parse.GetValue(url)}' is not an http(s) URL.");
            var credentials = session.Credentials();
            var trace = parse.GetValue(verbose) && !terminal.IsJson ? new Trace(terminal.ErrorWriter) : null;

            using var platform = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
            platform.DefaultRequestHeaders.UserAgent.ParseAdd(GatewayClient.UserAgent);
            var payer = new RecordingPayer(new PlatformPayer(platform, new PlatformPayerOptions
            {
                Gateway = credentials.Gateway,
                ApiKey = credentials.ApiKey,
                DecisionTimeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(wait))),
            }));
            using var agent = new IndieGentAgent(payer);
            using var message = request.Build(parse, target, session.Host);
            message.Headers.UserAgent.ParseAdd(GatewayClient.UserAgent);
            long? max = parse.GetValue(maxAmount) is { } limit ? Usdc.Parse(limit, "--max-amount") : null;
            if (max is { } m)
                message.WithMaxAmount(m);
            trace?.Line($"> {message.Method} {target.ToString()}");

            HttpResponseMessage response;
            try
            {
                response = await terminal.WaitAsync($"{message.Method} {target.Host}", () => agent.HttpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct));
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                if (trace is not null)
                    Challenge(trace, payer);
                throw Failures.From(e, target);
            }

            using (response)
            {
                var payment = response.GetPayment();
                if (trace is not null)
                {
                    Challenge(trace, payer);
                    Paid(trace, payer.Proof);
                    trace.Line($"< {(int)response.StatusCode} {(response.ReasonPhrase ?? "")}");
                    foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                        trace.Line($"< {name}: {string.Join(", ", values)}");
                    Receipt(trace, payment);
                }

                if (terminal.IsJson)
                {
                    var body = await response.Content.ReadAsByteArrayAsync(ct);
                    terminal.WriteJson(Json(target, message.Method, response, body, payer, payment));
                }
                else if (parse.GetValue(output) is { } file)
                {
                    await using var stream = File.Create(Path.GetFullPath(file));
                    await response.Content.CopyToAsync(stream, ct);
                }
                else
                {
                    await response.Content.CopyToAsync(terminal.RawOut, ct);
                    await terminal.RawOut.FlushAsync(ct);
                }

                if (response.StatusCode == HttpStatusCode.PaymentRequired)
                {
                    throw new CliException(ExitCodes.Other, payer.Proof is { } proof
                        ? $"{target.Host} answered 402 again after IndieGent paid it (payment {proof.PaymentId}); see `indiegent payments show {proof.PaymentId}`."
                        : $"{target.Host} answered 402 with nothing IndieGent could pay.");
                }

                if (parse.GetValue(fail) && (int)response.StatusCode >= 400)
                    throw new CliException(ExitCodes.Other, $"{target.Host} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Challenge(Trace trace, RecordingPayer payer)
    {
        if (payer.Required is not { } required)
            return;
        trace.Line("< 402 Payment Required");
        foreach (var value in required.WwwAuthenticate)
            trace.Line($"< WWW-Authenticate: {value}");
        if (required.PaymentRequiredHeader is { } x402)
            trace.Line($"< PAYMENT-REQUIRED: {x402}");
        foreach (var offer in required.Offers.Offers)
        {
            trace.Line($"* challenge: {offer.Protocol.ToString()} {offer.Method}/{offer.Intent}: " +
                       $"{AmountText(offer.Amount)} to {offer.Recipient} on chain {offer.ChainId} (token {offer.Asset})" +
                       $"{(offer.ExpiresAt is { } expires ? $", expires {expires:u}" : "")}");
        }
    }

    private static void Paid(Trace trace, PaymentProof? proof)
    {
        if (proof is null)
            return;
        trace.Line($"* payment: {proof.PaymentId} paid by IndieGent: {(proof.Amount is { } a ? AmountText(a) : "?")}, " +
                       $"{proof.Protocol.ToString()} {proof.CredentialType} credential" +
                       $"{(proof.TransactionHash is { } tx ? $", transaction {tx}" : "")}");
        foreach (var (name, value) in proof.Headers)
            trace.Line($"> {name}: {(value.Length > 40 ? value[..40] + $"… ({value.Length} characters)" : value)}");
    }

    private static void Receipt(Trace trace, PaymentOutcome? payment)
    {
        if (payment is null)
            return;
        if (payment.Receipt is { } receipt)
            trace.Line($"* receipt: {receipt.Status}, method {receipt.Method}, reference {receipt.Reference}, at {receipt.Timestamp}");
        else if (payment.SettleResponse is { } settle)
            trace.Line($"* receipt (x402): transaction {settle.Transaction}");
        else if (payment.LegacyReceipt is { } legacy)
            trace.Line($"* receipt: transaction {legacy.TransactionHash}");
        else
            trace.Line("* receipt: none sent by the server");
    }

    /// <summary>The <c>-v</c> lines: plain text on standard error, never wrapped, so headers can be copied from it.</summary>
    private sealed class Trace(TextWriter error)
    {
        public void Line(string text) => error.WriteLine(text);
    }

    private static string AmountText(System.Numerics.BigInteger units) =>
        units <= long.MaxValue ? $"{Usdc.Format((long)units)} USDC ({units} base units)" : $"{units} base units";

    private static JsonObject Json(Uri url, HttpMethod method, HttpResponseMessage response, byte[] body, RecordingPayer payer, PaymentOutcome? payment)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            headers[name] = string.Join(", ", values);
        string? text = null;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            // Binary: sent as base64 below.
        }

        var result = new JsonObject
        {
            ["url"] = url.ToString(),
            ["method"] = method.Method,
            ["status"] = (int)response.StatusCode,
            ["headers"] = headers,
            ["body"] = text ?? Convert.ToBase64String(body),
            ["bodyEncoding"] = text is null ? "base64" : "utf-8",
        };
        if (payer.Required is { } required)
        {
            result["challenge"] = new JsonObject
            {
                ["wwwAuthenticate"] = new JsonArray([.. required.WwwAuthenticate.Select(v => (JsonNode)JsonValue.Create(v)!)]),
                ["paymentRequired"] = required.PaymentRequiredHeader,
            };
        }

        if (payer.Proof is { } proof)
        {
            result["payment"] = new JsonObject
            {
                ["paymentId"] = proof.PaymentId?.ToString(),
                ["amount"] = proof.Amount?.ToString(CultureInfo.InvariantCulture),
                ["protocol"] = proof.Protocol.ToString(),
                ["credentialType"] = proof.CredentialType,
                ["txHash"] = proof.TransactionHash,
                ["reference"] = payment?.Reference,
                ["receipt"] = payment?.Receipt is { } receipt
                    ? new JsonObject
                    {
                        ["status"] = receipt.Status, ["method"] = receipt.Method, ["reference"] = receipt.Reference, ["timestamp"] = receipt.Timestamp,
                        ["challengeId"] = receipt.ChallengeId, ["chainId"] = receipt.ChainId,
                    }
                    : null,
            };
        }

        return result;
    }
}
