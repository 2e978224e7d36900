using System.Text.Json.Serialization;

namespace IndieGent.Onramp.Simulator.Sessions;

/// <summary>The 201 body: the session, and a quote only when the request carried everything a quote needs.</summary>
public sealed record OnrampSessionResponse(
    OnrampSessionLink Session,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OnrampQuote? Quote);
