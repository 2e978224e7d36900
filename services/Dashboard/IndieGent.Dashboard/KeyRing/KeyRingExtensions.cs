using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;

namespace IndieGent.Dashboard.KeyRing;

/// <summary>
/// The Data Protection key ring that encrypts the session cookie and the anti-forgery tokens. With
/// <c>ConnectionStrings:dashboarddb</c> (hosted: several replicas) it lives in PostgreSQL and every
/// replica shares it; without (a developer's machine) it is Data Protection's default, a per-user
/// directory, or memory where there is none. One application name, so every replica derives the same
/// purposes and cookie names whatever directory it runs from.
/// </summary>
public static class KeyRingExtensions
{
    public const string ApplicationName = "IndieGent.Dashboard";

    public const string ConnectionStringName = "dashboarddb";

    public static WebApplicationBuilder AddDashboardKeyRing(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        builder.Services.AddHealthChecks().AddCheck<KeyRingHealthCheck>("key-ring", tags: [Extensions.ReadyTag]);
        if (builder.Configuration.GetConnectionString(ConnectionStringName) is not { Length: > 0 } connectionString)
            return builder;

        builder.Services.AddKeyedSingleton(ConnectionStringName, (_, _) => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton(services => new PostgresXmlRepository(services.GetRequiredKeyedService<NpgsqlDataSource>(ConnectionStringName)));
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<PostgresXmlRepository>((options, repository) => options.XmlRepository = repository);
        return builder;
    }
}
