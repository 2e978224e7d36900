namespace IndieGent.Contracts.Transfers;

/// <summary>Which way a transfer between an operator's treasury and one of its agents moves money.</summary>
public enum TransferDirection
{
    /// <summary>Treasury → agent.</summary>
    ToAgent,

    /// <summary>Agent → treasury.</summary>
    ToTreasury,
}
