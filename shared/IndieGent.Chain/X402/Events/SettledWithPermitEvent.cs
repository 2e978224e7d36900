using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.X402.Events;

/// <summary><c>SettledWithPermit()</c>, emitted by <c>settleWithPermit</c> once the funds moved.</summary>
[Event("SettledWithPermit")]
public sealed class SettledWithPermitEvent : IEventDTO;
