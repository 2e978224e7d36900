using IndieGent.Messaging.Outbox;
using JasperFx;
using Microsoft.Extensions.Configuration;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace IndieGent.Messaging;

/// <summary>Marten (PostgreSQL) set-up shared by every service.</summary>
public static class MartenExtensions
{
    /// <summary>
    /// Registers the service's own Marten store on the database named by
    /// <c>ConnectionStrings:{connectionName}</c>: the database is created if it does not exist,
    /// the schema is applied at start-up, sessions are lightweight, and a readiness health check
    /// named <c>postgres</c> queries the database. Inside a consumer on an endpoint with the Marten
    /// outbox, the scope's <see cref="IDocumentSession"/> is bound to the consume's transaction.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddIndieGentMarten<TBuilder>(
        this TBuilder builder, string connectionName, string schemaName, Action<StoreOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = (builder.Configuration.GetSection(DatabaseSettings.Section).Get<DatabaseSettings>() ?? new DatabaseSettings())
            .Apply(MessagingExtensions.RequiredConnectionString(builder.Configuration, connectionName));
        var dataSource = new NpgsqlDataSourceBuilder(connectionString) { Name = connectionName }.Build();
        builder.Services.AddSingleton(dataSource);

        builder.Services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: [Extensions.ReadyTag]);

        var marten = builder.Services
            .AddMarten(options =>
            {
                options.Connection(dataSource);
                options.DatabaseSchemaName = schemaName;
                options.Events.DatabaseSchemaName = schemaName;
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                options.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
                configure?.Invoke(options);
            })
            // Lightweight sessions, except that the consumer outbox can bind a scope's session to
            // its transaction (a scoped factory, because that binding is per scope).
            .BuildSessionsWith<MessagingSessionFactory>(ServiceLifetime.Scoped)
            .ApplyAllDatabaseChangesOnStartup();
        builder.Services.TryAddScoped<TransactionSlot>();

        // Hosted services start in registration order and Marten puts its schema activator first,
        // so the database must be created by a service placed ahead of it.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => new DatabaseBootstrapper(
            connectionString, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DatabaseBootstrapper>>())));
        return marten;
    }
}
