using IndieGent.Chain;
using IndieGent.Contracts.Payments;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Wallet.Signing;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Wallet.Api.Apis;

/// <summary>
/// The signer, for Settlement. No caller identity is needed: the Ledger-signed approval ticket in
/// each request is the authority, and the signer signs only what it names, once per payment.
/// Nothing on the message bus can make the Wallet sign.
/// </summary>
public static class SigningApi
{
    public static IEndpointRouteBuilder MapSigningApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/internal/signatures").WithTags("Internal").AllowAnonymous();
        group.MapPost("/authorization", SignAuthorization);
        group.MapPost("/transaction", SignTransaction);
        group.MapPost("/transfer", SignTransfer);
        group.MapPost("/permit2", SignPermit2);
        group.MapPost("/permit2-allowance", SignPermit2Allowance);
        group.MapPost("/transaction/versions", TransactionVersions);
        return app;
    }

    /// <summary>
    /// A transfer between the operator's own wallets: <see cref="SignTransferAuthorization.PaymentId"/> is the
    /// transfer id and <see cref="SignTransferAuthorization.AgentId"/> the source wallet (an agent or the treasury).
    /// </summary>
    public static async Task<Results<Ok<TransferAuthorizationSigned>, UnprocessableEntity<TransferAuthorizationRefused>>> SignTransfer(
        SignTransferAuthorization m, FundsTransferSigner signer, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var request = new TransferSigningRequest(
            m.PaymentId, m.AgentId, m.ChainId, m.Token, m.TokenName, m.TokenVersion, m.To, m.Value, m.ValidAfter, m.ValidBefore, m.Nonce);
        var outcome = await signer.SignAsync(request, m.Ticket, ct);
        return outcome.Signed
            ? TypedResults.Ok(new TransferAuthorizationSigned(m.PaymentId, outcome.From!, outcome.Signature!, outcome.ValidBefore!.Value))
            : TypedResults.UnprocessableEntity(new TransferAuthorizationRefused(m.PaymentId, outcome.Refusal!.Value.ToString(), outcome.Detail ?? ""));
    }

    public static async Task<Results<Ok<TransferAuthorizationSigned>, UnprocessableEntity<TransferAuthorizationRefused>>> SignAuthorization(
        SignTransferAuthorization m, PaymentSigner signer, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var request = new TransferSigningRequest(
            m.PaymentId, m.AgentId, m.ChainId, m.Token, m.TokenName, m.TokenVersion, m.To, m.Value, m.ValidAfter, m.ValidBefore, m.Nonce);
        var outcome = await signer.SignAsync(request, m.Ticket, ct);
        if (!outcome.Signed)
            return TypedResults.UnprocessableEntity(new TransferAuthorizationRefused(m.PaymentId, outcome.Refusal!.Value.ToString(), outcome.Detail ?? ""));
        return TypedResults.Ok(new TransferAuthorizationSigned(m.PaymentId, outcome.From!, outcome.Signature!, outcome.ValidBefore!.Value));
    }

    /// <summary>A Permit2 witness transfer (MPP <c>permit2</c>) from the agent's wallet, under the payment's ticket.</summary>
    public static async Task<Results<Ok<Permit2TransferSigned>, UnprocessableEntity<TransferAuthorizationRefused>>> SignPermit2(
        SignPermit2Transfer m, Permit2Signer signer, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var request = new Permit2SigningRequest(m.PaymentId, m.AgentId, m.ChainId, m.Permit2, m.Token, m.Spender,
            [.. (m.Transfers ?? []).Select(t => new PermitTransfer(t.Recipient, t.Amount))], m.Nonce, m.Deadline, m.ChallengeHash, m.ExternalId);
        var outcome = await signer.SignTransferAsync(request, m.Ticket, ct);
        return outcome.Signed
            ? TypedResults.Ok(new Permit2TransferSigned(m.PaymentId, outcome.From!, outcome.Signature!, outcome.ValidBefore!.Value))
            : TypedResults.UnprocessableEntity(new TransferAuthorizationRefused(m.PaymentId, outcome.Refusal!.Value.ToString(), outcome.Detail ?? ""));
    }

    /// <summary>The agent's EIP-2612 permit letting the Wallet's Permit2 move its tokens, under a <c>permit2</c> payment's ticket.</summary>
    public static async Task<Results<Ok<Permit2AllowanceSigned>, UnprocessableEntity<TransferAuthorizationRefused>>> SignPermit2Allowance(
        SignPermit2Allowance m, Permit2Signer signer, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (!EvmAddress.TryParse(m.Token, out var token) || !EvmAddress.TryParse(m.Permit2, out var permit2) ||
            !System.Numerics.BigInteger.TryParse(m.TokenNonce, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture,
                out var nonce) || string.IsNullOrEmpty(m.TokenName) || string.IsNullOrEmpty(m.TokenVersion))
            return TypedResults.UnprocessableEntity(new TransferAuthorizationRefused(m.PaymentId, nameof(SigningRefusal.Malformed),
                "token, permit2, tokenNonce, tokenName and tokenVersion are required and well-formed."));
        var (issued, refusal) = await signer.SignAllowanceAsync(m.PaymentId, m.AgentId, m.ChainId, new TokenDomain(m.TokenName, m.TokenVersion, m.ChainId, token),
            permit2, nonce, m.Deadline, m.Ticket, ct);
        return issued is not null
            ? TypedResults.Ok(new Permit2AllowanceSigned(m.PaymentId, issued.Owner, issued.Value, issued.Signature))
            : TypedResults.UnprocessableEntity(new TransferAuthorizationRefused(m.PaymentId, refusal!.Refusal!.Value.ToString(), refusal.Detail ?? ""));
    }

    public static async Task<Results<Ok<TransferTransactionSigned>, UnprocessableEntity<TransferTransactionRefused>>> SignTransaction(
        SignTransferTransaction m, TransactionSigner signer, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var kind = m.Kind switch
        {
            SignTransferTransaction.Transfer => TransactionKind.Transfer,
            SignTransferTransaction.Cancel => TransactionKind.Cancel,
            _ => (TransactionKind?)null,
        };
        if (kind is null)
            return TypedResults.UnprocessableEntity(new TransferTransactionRefused(m.PaymentId, nameof(SigningRefusal.Malformed), $"Unknown kind '{m.Kind}'."));

        var request = new TransactionSigningRequest(m.PaymentId, m.AgentId, kind.Value, m.ChainId, m.Token, m.To, m.Value, m.GasLimit,
            m.MaxFeePerGas, m.MaxPriorityFeePerGas, m.NonceFloor);
        var outcome = await signer.SignAsync(request, m.Ticket, ct);
        return outcome is { Transaction: { } issued, Version: { } version }
            ? TypedResults.Ok(new TransferTransactionSigned(m.PaymentId, issued.From, m.Kind, issued.Nonce, version.MaxFeePerGas,
                version.MaxPriorityFeePerGas, version.Raw, version.Hash))
            : TypedResults.UnprocessableEntity(new TransferTransactionRefused(m.PaymentId, outcome.Refusal!.Value.ToString(), outcome.Detail ?? ""));
    }

    /// <summary>Every version signed for a payment's transaction, oldest first, under the payment's ticket (expired or not).</summary>
    public static async Task<Results<Ok<SignedVersions>, UnprocessableEntity<TransferTransactionRefused>>> TransactionVersions(
        ReadSignedVersions m, ApprovalTickets tickets, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (ReadRefusal(m, tickets) is { } refusal)
            return TypedResults.UnprocessableEntity(new TransferTransactionRefused(m.Id, refusal.Refusal!.Value.ToString(), refusal.Detail!));
        var issued = await session.LoadAsync<IssuedTransaction>(m.Id, ct);
        return TypedResults.Ok(new SignedVersions(m.Id, issued?.Nonce, [.. (issued?.Versions ?? []).Select(v =>
            new SignedVersion(v.Kind == TransactionKind.Cancel ? SignTransferTransaction.Cancel : SignTransferTransaction.Transfer, v.Hash, v.Raw,
                v.MaxFeePerGas, v.MaxPriorityFeePerGas))]));
    }

    /// <summary>Why what was signed for <see cref="ReadSignedVersions.Id"/> is not told to this caller: the ticket is not the Ledger's, or names another payment or agent.</summary>
    internal static SigningOutcome? ReadRefusal(ReadSignedVersions m, ApprovalTickets tickets) =>
        SigningDecider.RepeatRefusal(m.Id, m.AgentId, tickets.Read(m.Ticket, out var problem)) is { } refused
            ? refused.Refusal == SigningRefusal.InvalidTicket ? SigningOutcome.Refused(SigningRefusal.InvalidTicket, problem) : refused
            : null;
}
