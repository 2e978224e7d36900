using IndieGent.Ledger.Api.Accounts;
using IndieGent.Testing;
using Marten;

namespace IndieGent.Ledger.Tests;

/// <summary>A fresh database per test class, configured exactly as the Ledger service configures it.</summary>
public sealed class LedgerDatabase(PostgresFixture postgres) : IAsyncLifetime
{
    public DocumentStore Store { get; private set; } = null!;

    public AccountService Accounts { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync("ledger");
        Store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.DatabaseSchemaName = "ledger";
            LedgerStoreConfiguration.Configure(options);
        });
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        Accounts = new AccountService(Store, TimeProvider.System);
    }

    public async ValueTask DisposeAsync()
    {
        if (Store is not null)
            await Store.DisposeAsync();
    }
}
