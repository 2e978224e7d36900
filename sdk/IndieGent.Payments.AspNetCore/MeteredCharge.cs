using System.Numerics;

namespace IndieGent.Payments.AspNetCore;

/// <summary>What a request of a metered endpoint costs: set by the endpoint, at most the maximum (the maximum when it sets nothing).</summary>
/// <param name="Maximum">The endpoint's maximum.</param>
internal sealed class MeteredCharge(BigInteger Maximum)
{
    public BigInteger Maximum { get; } = Maximum;

    public BigInteger? Amount { get; set; }
}
