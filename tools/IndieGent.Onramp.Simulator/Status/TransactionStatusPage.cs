namespace IndieGent.Onramp.Simulator.Status;

/// <summary>
/// The v1 Transaction Status response: newest first, <c>next_page_key</c> empty on the last page,
/// <c>total_count</c> a string (protojson writes 64-bit integers as strings).
/// </summary>
public sealed record TransactionStatusPage(IReadOnlyList<TransactionStatusView> Transactions, string NextPageKey, string TotalCount);
