using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace IndieGent.Messaging;

/// <summary>
/// How a service uses its PostgreSQL database (configuration section <c>Database</c>, e.g. <c>Database__MaxPoolSize</c>),
/// applied over its connection string. Size the pool per replica: every replica of every service holds up to its pool's
/// connections to the same server, whose <c>max_connections</c> must cover them all (<c>deploy/k8s/check.py</c> adds them up).
/// </summary>
public sealed class DatabaseSettings
{
    /// <summary>The configuration section, <c>Database</c>.</summary>
    public const string Section = "Database";

    /// <summary>The most connections one replica opens; null: the connection string's (Npgsql's default, 100).</summary>
    [Range(1, 1000)]
    public int? MaxPoolSize { get; set; }

    /// <summary>Seconds a connection attempt may take; null: the connection string's (Npgsql's default, 15).</summary>
    [Range(1, 300)]
    public int? ConnectTimeoutSeconds { get; set; }

    /// <summary>Seconds one command may run; null: the connection string's (Npgsql's default, 30).</summary>
    [Range(1, 3600)]
    public int? CommandTimeoutSeconds { get; set; }

    /// <summary><paramref name="connectionString"/> with these settings applied.</summary>
    public string Apply(string connectionString)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
            throw new InvalidOperationException($"The {Section} settings are invalid: {string.Join(" ", results.Select(r => r.ErrorMessage))}");
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (MaxPoolSize is { } pool)
            builder.MaxPoolSize = pool;
        if (ConnectTimeoutSeconds is { } connect)
            builder.Timeout = connect;
        if (CommandTimeoutSeconds is { } command)
            builder.CommandTimeout = command;
        return builder.ConnectionString;
    }
}
