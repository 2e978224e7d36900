using System.Text.Json;

namespace IndieGent.Onramp.Simulator.Tests;

/// <summary>A webhook as the receiver got it: headers (names case-insensitive), raw body, arrival time.</summary>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At)
{
    public string EventId => Headers["X-Event-Id"];
    public string EventType => Headers["X-Event-Type"];
    public string? Signature => Headers.GetValueOrDefault("X-Hook0-Signature");

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Field(string name) => Json.GetProperty(name).GetString()!;
}
