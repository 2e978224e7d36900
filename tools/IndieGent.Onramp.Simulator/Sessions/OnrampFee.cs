namespace IndieGent.Onramp.Simulator.Sessions;

/// <summary>CDP's <c>OnrampOrderFee</c>: <c>type</c> is <c>FEE_TYPE_EXCHANGE</c> or <c>FEE_TYPE_NETWORK</c>.</summary>
public sealed record OnrampFee(string Type, string Amount, string Currency)
{
    public const string Exchange = "FEE_TYPE_EXCHANGE";
    public const string Network = "FEE_TYPE_NETWORK";
}
