using System.Net;
using System.Net.Http.Json;
using IndieGent.Contracts.Payments;
using IndieGent.Contracts.Relaying;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>The Wallet's signer over HTTP: every request carries the payment's Ledger-signed approval ticket (the relayer's address excepted, which is public).</summary>
public sealed class WalletSigner(IHttpClientFactory clients)
{
    public const string ClientName = "wallet";

    public Task<(TransferAuthorizationSigned? Signed, TransferAuthorizationRefused? Refused)> SignAsync(
        SignTransferAuthorization request, CancellationToken ct) =>
        PostAsync<SignTransferAuthorization, TransferAuthorizationSigned, TransferAuthorizationRefused>("/internal/signatures/authorization", request, ct);

    /// <summary>A transfer between an operator's own wallets: the authorization from the source wallet (<c>AgentId</c>), for the transfer (<c>PaymentId</c>).</summary>
    public Task<(TransferAuthorizationSigned? Signed, TransferAuthorizationRefused? Refused)> SignTransferAsync(
        SignTransferAuthorization request, CancellationToken ct) =>
        PostAsync<SignTransferAuthorization, TransferAuthorizationSigned, TransferAuthorizationRefused>("/internal/signatures/transfer", request, ct);

    /// <summary>A Permit2 witness transfer from the agent's wallet (MPP <c>permit2</c>).</summary>
    public Task<(Permit2TransferSigned? Signed, TransferAuthorizationRefused? Refused)> SignAsync(SignPermit2Transfer request, CancellationToken ct) =>
        PostAsync<SignPermit2Transfer, Permit2TransferSigned, TransferAuthorizationRefused>("/internal/signatures/permit2", request, ct);

    /// <summary>The agent's EIP-2612 permit letting Permit2 move its tokens (relayed once per wallet).</summary>
    public Task<(Permit2AllowanceSigned? Signed, TransferAuthorizationRefused? Refused)> SignAsync(SignPermit2Allowance request, CancellationToken ct) =>
        PostAsync<SignPermit2Allowance, Permit2AllowanceSigned, TransferAuthorizationRefused>("/internal/signatures/permit2-allowance", request, ct);

    public Task<(TransferTransactionSigned? Signed, TransferTransactionRefused? Refused)> SignAsync(
        SignTransferTransaction request, CancellationToken ct) =>
        PostAsync<SignTransferTransaction, TransferTransactionSigned, TransferTransactionRefused>("/internal/signatures/transaction", request, ct);

    /// <summary>The platform relayer signs a version of a relay (see <see cref="SignRelayedTransaction"/>).</summary>
    public Task<(RelayedTransactionSigned? Signed, RelayedTransactionRefused? Refused)> SignAsync(
        SignRelayedTransaction request, CancellationToken ct) =>
        PostAsync<SignRelayedTransaction, RelayedTransactionSigned, RelayedTransactionRefused>("/internal/signatures/relay", request, ct);

    /// <summary>
    /// Every version the Wallet signed for a payment's transaction (<paramref name="relay"/> false) or a relay, oldest first
    /// (see <see cref="ReadSignedVersions"/>); null when the Wallet refuses to tell (a ticket that is not for it).
    /// </summary>
    public async Task<SignedVersions?> VersionsAsync(ReadSignedVersions request, bool relay, CancellationToken ct) =>
        (await PostAsync<ReadSignedVersions, SignedVersions, TransferTransactionRefused>(
            relay ? "/internal/signatures/relay/versions" : "/internal/signatures/transaction/versions", request, ct)).Item1;

    /// <summary>The platform relayer's address (the Wallet creates the relayer on first use).</summary>
    public async Task<RelayerAccount> RelayerAsync(CancellationToken ct) =>
        await clients.CreateClient(ClientName).GetFromJsonAsync<RelayerAccount>("/internal/relayer", ct)
        ?? throw new HttpRequestException("The Wallet answered no relayer.");

    private async Task<(TSigned?, TRefused?)> PostAsync<TRequest, TSigned, TRefused>(string path, TRequest request, CancellationToken ct)
        where TSigned : class
        where TRefused : class
    {
        using var response = await clients.CreateClient(ClientName).PostAsJsonAsync(path, request, ct);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => (await response.Content.ReadFromJsonAsync<TSigned>(ct), null),
            HttpStatusCode.UnprocessableEntity => (null, await response.Content.ReadFromJsonAsync<TRefused>(ct)),
            // Anything else (the Wallet down, overloaded, misconfigured) is not an answer: the caller retries.
            _ => throw new HttpRequestException($"The Wallet's signer answered {(int)response.StatusCode}.", null, response.StatusCode),
        };
    }
}
