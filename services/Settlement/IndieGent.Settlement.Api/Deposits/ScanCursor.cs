namespace IndieGent.Settlement.Api.Deposits;

/// <summary>How far the deposit scanner got: the last fully processed block and its hash.</summary>
public sealed class ScanCursor
{
    public string Id { get; set; } = "";

    public long LastBlock { get; set; }

    public string? LastBlockHash { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
