using IndieGent.Payments.Protocol.Evm;
using IndieGent.Payments.Protocol.Legacy;
using IndieGent.Payments.Protocol.Mpp;
using IndieGent.Payments.Protocol.X402;

namespace IndieGent.Payments.Protocol.Tests;

/// <summary>Anything that can authorize a transfer stays out of <c>ToString()</c>, which is what ends up in logs.</summary>
public sealed class Log_safety
{
    private const string Signature = "0x5ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e75ec12e7";

    [Fact]
    public void Signed_payloads_credentials_and_x402_payments_never_print_their_secrets()
    {
        var address = EvmAddress.Parse("0x209693Bc6afc0C5328bA36FaF03C514EF312287C");
        var nonce = Bytes32.FromBytes(new byte[32]);
        var authorization = new EvmAuthorizationPayload(address, address, 5, 0, 10, nonce, Signature);
        var challenge = PaymentChallenge.Create("id", "realm", "evm", "charge", "{}"u8);
        var credential = new PaymentCredential(challenge, authorization.ToJsonElement());
        var entry = X402PaymentRequirements.CreateExactEvm(84532, 5, address, address, 60, "USDC", "2");
        var exact = new X402ExactEvmPayload(Signature, new X402Eip3009Authorization(address, address, 5, 0, 10, nonce));
        var payment = X402PaymentPayload.Create(X402PaymentRequired.Create(new X402ResourceInfo("https://x"), [entry]), entry, exact);

        object[] printable =
        [
            authorization, new EvmTransactionPayload(Signature), credential, exact, payment,
            X402V1PaymentPayload.Create(entry, exact), new LegacyPaymentCredential(nonce, "base", "USDC"),
        ];

        foreach (var value in printable)
        {
            var text = value.ToString()!;
            Assert.DoesNotContain(Signature[2..20], text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(credential.Encode()[..20], text, StringComparison.Ordinal);
        }
    }
}
