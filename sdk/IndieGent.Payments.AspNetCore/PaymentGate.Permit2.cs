using IndieGent.Chain;
using IndieGent.Chain.Permit2;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Mpp;
using Microsoft.AspNetCore.Http;
using ChainAddress = IndieGent.Chain.EvmAddress;

namespace IndieGent.Payments.AspNetCore;

/// <summary>
/// MPP <c>permit2</c>: a Permit2 witness transfer (a batch when the endpoint pays splits) signed by the credential's
/// <c>source</c> for this server as spender, recovered off chain, checked against Permit2's nonce, the payer's balance and
/// allowance, then submitted by the server (which pays gas) and claimed once by signer and nonce.
/// </summary>
public sealed partial class PaymentGate
{
    private ChainAddress Permit2 => _options.Permit2Address is { } configured ? ChainAddress.Parse(configured) : Permit2Signatures.CanonicalAddress;

    private async Task<Verdict> SettlePermit2Async(PaymentChallenge challenge, EvmChargeRequest request, EvmPermit2Payload permit, string? source,
        CancellationToken ct)
    {
        // Permit2 recovers the signer from the signature; the draft names it in the credential's source.
        if (source is null || !DidPkh.TryParse(source, out var did) || did.ChainId != _options.ChainId)
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.MalformedCredential, "Malformed credential",
                $"A permit2 credential names its payer in source (did:pkh:eip155:{_options.ChainId}:0x…).");
        if (settler.SubmitterAddress is not { } spender)
            return Verdict.Fail(StatusCodes.Status400BadRequest, PaymentProblemTypes.MethodUnsupported, "Credential type unsupported",
                "This server has no settlement key and cannot submit permits.");
        EvmSignature signature;
        try
        {
            signature = EvmSignature.Parse(permit.Signature);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return Verdict.Fail(StatusCodes.Status402PaymentRequired, PaymentProblemTypes.MalformedCredential, "Malformed credential",
                "The signature is not 65 bytes of hex.");
        }

        var owner = did.Address.ToChain();
        var token = request.Currency.ToChain();
        var permitted = permit.Permitted.Select(p => new TokenPermission(p.Token.ToChain(), p.Amount)).ToArray();
        var transfers = permit.TransferDetails.Select(t => new TransferDetail(t.To.ToChain(), t.RequestedAmount)).ToArray();
        var witness = Permit2Signatures.PaymentWitnessHash(permit.ChallengeHash.ToBytes(), request.ExternalId ?? "");
        // The digest the contract will check, for this server as the spender: a permit signed for anyone else does not recover to its payer.
        var digest = permit.IsBatch
            ? Permit2Signatures.BatchDigest(_options.ChainId, Permit2, permitted, spender, permit.Nonce, permit.Deadline, witness,
                Permit2Signatures.PaymentWitnessTypeString)
            : Permit2Signatures.SingleDigest(_options.ChainId, Permit2, permitted[0], spender, permit.Nonce, permit.Deadline, witness,
                Permit2Signatures.PaymentWitnessTypeString);
        ChainAddress? signer;
        try
        {
            signer = Permit2Signatures.Recover(digest, signature);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            signer = null;
        }

        if (signer != owner)
            return NotAccepted("The permit is not signed by the credential's source for this server as spender.");
        if (Refused([owner]) is { } refused)
            return refused;
        var total = request.Amount;
        var key = $"permit2:{_options.ChainId}:{Permit2.ToLowerHex()}:{owner.ToLowerHex()}:{permit.Nonce}";
        return await _settlements.SettleAsync(new PendingSettlement("mpp", challenge.Id, key, owner,
                cancel => settler.CheckPermit2Async(Permit2, token, owner, permit.Nonce, total, cancel),
                cancel => settler.SubmitPermit2Async(Permit2, owner, permitted, transfers, permit.Nonce, permit.Deadline, witness, signature, cancel)), ct)
            .ConfigureAwait(false);
    }
}
