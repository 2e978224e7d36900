namespace IndieGent.AppHost.Infrastructure;

/// <summary>How the AppHost provides RabbitMQ and PostgreSQL (setting <c>IndieGent:Infrastructure</c>).</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, local executables otherwise.</summary>
    Auto,

    /// <summary>RabbitMQ and PostgreSQL containers (needs Docker or Podman).</summary>
    Containers,

    /// <summary>The locally installed rabbitmq-server and postgres, run as private instances.</summary>
    Executables,
}
