namespace IndieGent.Payments.AspNetCore;

/// <summary>Where a sent transaction stands when the server stops waiting for it.</summary>
internal enum Confirmation
{
    /// <summary>Mined, succeeded, with the configured confirmations.</summary>
    Confirmed,

    /// <summary>Mined and reverted: it paid nothing.</summary>
    Failed,

    /// <summary>Not mined, or not confirmed, within the settlement timeout.</summary>
    Pending,
}
