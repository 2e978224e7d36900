using IndieGent.Contracts.Relaying;
using IndieGent.Wallet.Api.Custody;
using IndieGent.Wallet.Api.Relaying;
using IndieGent.Wallet.Api.Signing;
using IndieGent.Wallet.Relaying;
using IndieGent.Wallet.Signing;
using IndieGent.Contracts.Payments;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndieGent.Wallet.Api.Apis;

/// <summary>
/// The platform relayer, for Settlement. Like the signer's other endpoints these need no caller
/// identity (the NetworkPolicy admits only the Gateway and Settlement, and the Gateway routes no
/// <c>/internal</c> path): a relay is signed only for a valid Ledger ticket, and the address is
/// public on chain anyway.
/// </summary>
public static class RelayerApi
{
    public static IEndpointRouteBuilder MapRelayerApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/relayer", GetRelayer).WithTags("Internal").AllowAnonymous();
        app.MapPost("/internal/signatures/relay", SignRelay).WithTags("Internal").AllowAnonymous();
        app.MapPost("/internal/signatures/relay/versions", RelayVersions).WithTags("Internal").AllowAnonymous();
        return app;
    }

    public static async Task<Ok<RelayerAccount>> GetRelayer(PlatformWallets wallets, CancellationToken ct) =>
        TypedResults.Ok(new RelayerAccount((await wallets.RelayerAsync(ct)).Address));

    public static async Task<Results<Ok<RelayedTransactionSigned>, UnprocessableEntity<RelayedTransactionRefused>>> SignRelay(
        SignRelayedTransaction m, RelaySigner signer, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var kind = m.Kind switch
        {
            SignRelayedTransaction.Relay => RelayKind.Relay,
            SignRelayedTransaction.Cancel => RelayKind.Cancel,
            _ => (RelayKind?)null,
        };
        if (kind is null)
            return TypedResults.UnprocessableEntity(new RelayedTransactionRefused(m.RelayId, nameof(SigningRefusal.Malformed), $"Unknown kind '{m.Kind}'."));

        var request = new RelaySigningRequest(m.RelayId, m.AgentId, kind.Value, m.ChainId, m.Token, m.Calldata, m.GasLimit, m.MaxFeePerGas,
            m.MaxPriorityFeePerGas, m.Nonce);
        var outcome = await signer.SignAsync(request, m.Ticket, ct);
        return outcome is { Relay: { } relay, Version: { } version }
            ? TypedResults.Ok(new RelayedTransactionSigned(m.RelayId, relay.Relayer, m.Kind, relay.Nonce, version.MaxFeePerGas,
                version.MaxPriorityFeePerGas, version.Raw, version.Hash))
            : TypedResults.UnprocessableEntity(new RelayedTransactionRefused(m.RelayId, outcome.Refusal!.Value.ToString(), outcome.Detail ?? ""));
    }

    /// <summary>Every version the relayer signed for a relay, oldest first, under the relay's ticket (expired or not).</summary>
    public static async Task<Results<Ok<SignedVersions>, UnprocessableEntity<RelayedTransactionRefused>>> RelayVersions(
        ReadSignedVersions m, ApprovalTickets tickets, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (SigningApi.ReadRefusal(m, tickets) is { } refusal)
            return TypedResults.UnprocessableEntity(new RelayedTransactionRefused(m.Id, refusal.Refusal!.Value.ToString(), refusal.Detail!));
        var issued = await session.LoadAsync<IssuedRelay>(m.Id, ct);
        return TypedResults.Ok(new SignedVersions(m.Id, issued?.Nonce, [.. (issued?.Versions ?? []).Select(v =>
            new SignedVersion(v.Kind == RelayKind.Cancel ? SignRelayedTransaction.Cancel : SignRelayedTransaction.Relay, v.Hash, v.Raw,
                v.MaxFeePerGas, v.MaxPriorityFeePerGas))]));
    }
}
