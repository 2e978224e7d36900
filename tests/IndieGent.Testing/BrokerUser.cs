namespace IndieGent.Testing;

/// <summary>A broker user with RabbitMQ permissions (regular expressions) on one virtual host.</summary>
public sealed record BrokerUser(string Name, string Password, string Configure, string Write, string Read);
