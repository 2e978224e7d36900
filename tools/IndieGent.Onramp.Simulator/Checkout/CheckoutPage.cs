using System.Text;
using System.Text.Encodings.Web;
using IndieGent.Onramp.Simulator.Purchases;
using IndieGent.Onramp.Simulator.Sessions;
using Microsoft.AspNetCore.Antiforgery;

namespace IndieGent.Onramp.Simulator.Checkout;

/// <summary>
/// The simulator's stand-in for Coinbase's hosted checkout: server-rendered HTML, no script, every
/// value HTML-encoded. "Pay" is a plain form POST carrying an anti-forgery token.
/// </summary>
public static class CheckoutPage
{
    public const string AmountField = "paymentAmount";

    private const string Style =
        "body{font-family:system-ui,sans-serif;background:#f4f6fb;color:#0a0b0d;margin:0}" +
        "main{max-width:28rem;margin:4rem auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 2px 12px #0001}" +
        "h1{font-size:1.4rem;margin-top:0}dl{display:grid;grid-template-columns:auto 1fr;gap:.5rem 1rem}" +
        "dt{color:#5b616e}dd{margin:0;overflow-wrap:anywhere;font-variant-numeric:tabular-nums}" +
        "label{display:block;margin:1rem 0 .3rem}input[type=text]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}" +
        "button{margin-top:1.5rem;width:100%;padding:.8rem;font-size:1rem;border:0;border-radius:8px;background:#0052ff;color:#fff;cursor:pointer}" +
        "p.note{color:#5b616e;font-size:.85rem}";

    public static string Form(OnrampSession session, AntiforgeryTokenSet tokens, string action)
    {
        var body = new StringBuilder();
        body.Append("<h1>Buy ").Append(Encode(session.PurchaseCurrency)).Append("</h1>");
        body.Append(Details(session, session.Terms));
        body.Append("<form method=\"post\" action=\"").Append(Encode(action)).Append("\">");
        body.Append("<input type=\"hidden\" name=\"").Append(Encode(tokens.FormFieldName)).Append("\" value=\"").Append(Encode(tokens.RequestToken ?? "")).Append("\">");
        if (session.Terms is null)
        {
            body.Append("<label for=\"").Append(AmountField).Append("\">Amount to pay (").Append(Encode(session.PaymentCurrency)).Append(")</label>");
            body.Append("<input type=\"text\" inputmode=\"decimal\" required id=\"").Append(AmountField).Append("\" name=\"").Append(AmountField).Append("\">");
        }

        body.Append("<button type=\"submit\">Pay</button></form>");
        body.Append("<p class=\"note\">Onramp simulator: no card is charged; the USDC is minted on the test chain.</p>");
        return Document("Checkout", body.ToString());
    }

    public static string Outcome(OnrampSession session, OnrampTransaction transaction)
    {
        var body = new StringBuilder();
        body.Append("<h1>").Append(transaction.Status == TransactionStatus.Success ? "Purchase complete" : "Purchase failed").Append("</h1>");
        body.Append(Details(session, transaction.Terms));
        body.Append("<dl><dt>Status</dt><dd>").Append(Encode(transaction.Status)).Append("</dd>");
        if (transaction.TxHash is { } hash)
            body.Append("<dt>Transaction</dt><dd>").Append(Encode(hash)).Append("</dd>");
        body.Append("</dl>");
        return Document("Checkout", body.ToString());
    }

    public static string Message(string title, string message) =>
        Document(title, $"<h1>{Encode(title)}</h1><p>{Encode(message)}</p>");

    private static string Details(OnrampSession session, PurchaseTerms? terms)
    {
        var details = new StringBuilder("<dl>");
        if (terms is not null)
        {
            details.Append("<dt>You pay</dt><dd>").Append(PurchaseTerms.Usd(terms.PaymentTotal)).Append(' ').Append(Encode(session.PaymentCurrency)).Append("</dd>");
            details.Append("<dt>Fees</dt><dd>").Append(PurchaseTerms.Usd(terms.ExchangeFee + terms.NetworkFee)).Append(' ').Append(Encode(session.PaymentCurrency)).Append("</dd>");
            details.Append("<dt>You receive</dt><dd>").Append(PurchaseTerms.Usdc(terms.PurchaseAmount)).Append(' ').Append(Encode(session.PurchaseCurrency)).Append("</dd>");
        }

        details.Append("<dt>Network</dt><dd>").Append(Encode(session.DestinationNetwork)).Append("</dd>");
        details.Append("<dt>To</dt><dd>").Append(Encode(session.DestinationAddress.ToChecksumHex())).Append("</dd>");
        return details.Append("</dl>").ToString();
    }

    private static string Document(string title, string body) =>
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">" +
        $"<title>{Encode(title)} · Onramp simulator</title><style>{Style}</style></head><body><main>{body}</main></body></html>";

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
