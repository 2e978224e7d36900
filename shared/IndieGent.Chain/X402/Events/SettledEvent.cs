using Nethereum.ABI.FunctionEncoding.Attributes;

namespace IndieGent.Chain.X402.Events;

/// <summary><c>Settled()</c>, emitted by <c>settle</c> once the funds moved.</summary>
[Event("Settled")]
public sealed class SettledEvent : IEventDTO;
