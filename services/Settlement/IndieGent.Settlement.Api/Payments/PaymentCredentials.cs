using IndieGent.Contracts.Payments;
using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Legacy;
using IndieGent.Payments.Protocol.Mpp;

namespace IndieGent.Settlement.Api.Payments;

/// <summary>The value for <c>Authorization</c> that answers a challenge, in the challenge's own protocol.</summary>
public static class PaymentCredentials
{
    /// <summary>An MPP credential echoing <paramref name="challenge"/>, from <paramref name="payer"/>.</summary>
    public static string Format(PaymentChallenge challenge, EvmChargePayload payload, long chainId, EvmAddress payer) =>
        new PaymentCredential(challenge, payload.ToJsonElement(), new DidPkh(chainId, payer).ToString()).Format();

    /// <summary>The credential naming a transfer by its hash: MPP <c>hash</c>, or the older dialect.</summary>
    public static string ForHash(string protocol, string challenge, long chainId, string from, string txHash) => protocol switch
    {
        PaymentProtocols.Dialect => LegacyPaymentCredential.For(LegacyPaymentChallenge.Parse(challenge), Bytes32.Parse(txHash)).Format(),
        _ => Format(PaymentChallenge.Parse(challenge), new EvmHashPayload(Bytes32.Parse(txHash)), chainId, EvmAddress.Parse(from)),
    };

    /// <summary>The MPP <c>transaction</c> credential carrying the signed transfer for the merchant to broadcast.</summary>
    public static string ForTransaction(string challenge, long chainId, string from, string rawTransaction) =>
        Format(PaymentChallenge.Parse(challenge), new EvmTransactionPayload(rawTransaction), chainId, EvmAddress.Parse(from));
}
