namespace IndieGent.Wallet.ApiKeys;

/// <summary>What a key may do: an operator key manages, an agent key only pays and reads its own wallet.</summary>
public enum ApiKeyRole
{
    Operator,
    Agent,
}
