using System.Text.RegularExpressions;

namespace IndieGent.Messaging;

/// <summary>
/// What one service may do on the broker, as RabbitMQ permissions for its own user: its own
/// queues and exchanges (every endpoint of a service is named <c>&lt;service&gt;-…</c>), MassTransit's
/// bus endpoint and fault exchanges, the exchanges of the message types it publishes (write) and
/// of those it consumes (read, to bind them to its queues) — nothing of any other service.
/// Each service declares its grant beside its consumers; the infrastructure (test platform,
/// Kubernetes) creates users from these declarations, so a service that starts publishing or
/// consuming something new fails its tests until the grant says so.
/// </summary>
/// <param name="Service">The service's name (its endpoint prefix and database name).</param>
/// <param name="Publishes">The message types it publishes or sends (their exchanges).</param>
/// <param name="Consumes">The message types its endpoints consume.</param>
public sealed record BrokerGrant(string Service, IReadOnlyList<Type> Publishes, IReadOnlyList<Type> Consumes)
{
    // The bus endpoint MassTransit creates per process: "<host>_<process>_bus_<id>".
    private const string BusEndpoint = "[^:]*_bus_[^:]*";

    // Faults of consumers that gave up, and their exchange hierarchy ("MassTransit:Fault--<type>--", "MassTransit:Fault").
    private const string Faults = "MassTransit:Fault(--.*)?";

    /// <summary>The broker user of the service.</summary>
    public string User => "indiegent-" + Service;

    /// <summary>The permission to declare (and delete) queues and exchanges.</summary>
    public string Configure => Pattern([.. Exchanges(Publishes), .. Exchanges(Consumes)]);

    /// <summary>The permission to publish to exchanges (and bind to its own queues and exchanges).</summary>
    public string Write => Pattern(Exchanges(Publishes));

    /// <summary>The permission to consume from queues (and bind from exchanges).</summary>
    public string Read => Pattern(Exchanges(Consumes));

    /// <summary>The exchange MassTransit publishes <paramref name="messageType"/> to.</summary>
    public static string ExchangeOf(Type messageType) => $"{messageType.Namespace}:{messageType.Name}";

    private string Pattern(IEnumerable<string> exchanges) =>
        "^(" + string.Join('|', new[] { Regex.Escape(Service) + "-.*", BusEndpoint, Faults }.Concat(exchanges.Distinct().Order(StringComparer.Ordinal))) + ")$";

    private static IEnumerable<string> Exchanges(IEnumerable<Type> types) => types.Select(t => Regex.Escape(ExchangeOf(t)));
}
