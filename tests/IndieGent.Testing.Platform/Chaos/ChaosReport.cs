using System.Globalization;

namespace IndieGent.Testing.Platform.Chaos;

/// <summary>What a chaos run found: counts, and every invariant violation with its evidence.</summary>
public sealed class ChaosReport
{
    public Dictionary<string, int> Payments { get; } = [];

    public Dictionary<string, int> Faults { get; set; } = [];

    public List<string> Violations { get; } = [];

    public long Deposits { get; set; }

    public int Signatures { get; set; }

    public int Unavailable { get; set; }

    public TimeSpan Elapsed { get; set; }

    public bool Passed => Violations.Count == 0;

    public void Violation(string evidence) => Violations.Add(evidence);

    public override string ToString()
    {
        var lines = new List<string>
        {
            $"chaos run: {Elapsed.TotalSeconds:0} s, {(Passed ? "no invariant violated" : $"{Violations.Count} violation(s)")}",
            "faults: " + (Faults.Count == 0 ? "none" : string.Join(", ", Faults.OrderBy(f => f.Key).Select(f => $"{f.Value} × {f.Key}"))),
            "payments: " + string.Join(", ", Payments.OrderBy(p => p.Key).Select(p => $"{p.Value} {p.Key}")) +
            $" ({Signatures} signed by the Wallet; {Unavailable} requests met a fault and were asked again)",
            $"deposits: {Deposits.ToString(CultureInfo.InvariantCulture)} base units minted to the agents",
        };
        lines.AddRange(Violations.Select(v => "VIOLATION: " + v));
        return string.Join(Environment.NewLine, lines);
    }
}
