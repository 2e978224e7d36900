using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace IndieGent.Dashboard.KeyRing;

/// <summary>
/// The Data Protection key ring in the dashboard's own PostgreSQL database, so every replica encrypts
/// and decrypts session cookies and anti-forgery tokens with the same keys. One row per element
/// (a key, or a revocation) as Data Protection writes it; the table is created on first use.
/// Data Protection calls this synchronously and rarely (at start, when a key is created, and when the
/// ring is refreshed, about once a day), so the calls are synchronous too.
/// </summary>
public sealed class PostgresXmlRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    public const string Table = "data_protection_keys";

    private readonly Lock _gate = new();
    private volatile bool _tableExists;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        EnsureTable();
        using var command = dataSource.CreateCommand($"SELECT xml FROM {Table} ORDER BY id");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
            elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        EnsureTable();
        // Elements never change once written; a name written twice (a retried store) keeps the first.
        using var command = dataSource.CreateCommand($"INSERT INTO {Table} (friendly_name, xml) VALUES ($1, $2) ON CONFLICT (friendly_name) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }

    private void EnsureTable()
    {
        if (_tableExists)
            return;
        lock (_gate)
        {
            if (_tableExists)
                return;
            using var command = dataSource.CreateCommand($"""
                CREATE TABLE IF NOT EXISTS {Table} (
                  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                  friendly_name text NOT NULL UNIQUE,
                  xml text NOT NULL,
                  created_at timestamptz NOT NULL DEFAULT now()
                )
                """);
            try
            {
                command.ExecuteNonQuery();
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
            {
                // Another replica created it at the same moment (IF NOT EXISTS does not cover the race).
            }

            _tableExists = true;
        }
    }
}
