using System.Globalization;

namespace IndieGent.Ledger.Api.Apis;

/// <summary>The audit trail as CSV (RFC 4180), safe to open in a spreadsheet.</summary>
public static class AuditCsv
{
    // Characters a spreadsheet reads as the start of a formula (tab and CR too: some strip them first).
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public const string Header = "sequence,at,agent_id,event,payment_id,amount,merchant,host,tx_hash,challenge_id,detail\n";

    /// <summary>One entry as a CSV line, with its line end.</summary>
    public static string Row(AuditApi.AuditEntry e) => string.Join(',', e.Sequence.ToString(CultureInfo.InvariantCulture),
        e.At.ToString("O", CultureInfo.InvariantCulture), e.AgentId.ToString(), Field(e.Event), e.PaymentId?.ToString() ?? "",
        e.Amount?.ToString(CultureInfo.InvariantCulture) ?? "", Field(e.Merchant), Field(e.Host), Field(e.TxHash), Field(e.ChallengeId),
        Field(e.Detail)) + "\n";

    /// <summary>One field: a leading formula character is neutralised with a quote mark, then RFC 4180 quoting.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (Array.IndexOf(FormulaStarts, value[0]) >= 0)
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r', '\t']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
