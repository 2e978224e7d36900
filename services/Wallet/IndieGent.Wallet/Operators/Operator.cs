namespace IndieGent.Wallet.Operators;

/// <summary>A customer of IndieGent who creates and manages agents.</summary>
public sealed record Operator(Guid Id, string Name, DateTimeOffset CreatedAt);
