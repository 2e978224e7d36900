using Npgsql;

namespace IndieGent.Marketplace.Api.Catalog;

/// <summary>Usage statistics per service, computed from its ended calls (all time).</summary>
public sealed record ServiceStats(long Calls, double? SuccessRate, double? P50LatencyMs);

/// <summary>A service's ratings: the mean of 1–5 stars from operators whose agents called it.</summary>
public sealed record RatingSummary(double? Average, long Count);

/// <summary>
/// Reads statistics and ratings for a page of services in one query each (the median needs SQL's
/// <c>percentile_cont</c>, which the document LINQ does not offer).
/// </summary>
public sealed class CatalogStats(NpgsqlDataSource database)
{
    private const string Schema = "marketplace";

    public async Task<IReadOnlyDictionary<string, ServiceStats>> StatsAsync(IReadOnlyCollection<string> slugs, CancellationToken ct)
    {
        var result = new Dictionary<string, ServiceStats>(StringComparer.Ordinal);
        if (slugs.Count == 0)
            return result;
        await using var command = database.CreateCommand($"""
            SELECT data->>'Service', count(*), count(*) FILTER (WHERE (data->>'Succeeded')::boolean),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY (data->>'LatencyMs')::float8)
            FROM {Schema}.mt_doc_callrecord WHERE data->>'Service' = ANY($1) GROUP BY 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = slugs.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var calls = reader.GetInt64(1);
            result[reader.GetString(0)] = new ServiceStats(calls, calls == 0 ? null : Math.Round((double)reader.GetInt64(2) / calls, 4),
                reader.IsDBNull(3) ? null : Math.Round(reader.GetDouble(3), 1));
        }

        return result;
    }

    public async Task<IReadOnlyDictionary<string, RatingSummary>> RatingsAsync(IReadOnlyCollection<string> slugs, CancellationToken ct)
    {
        var result = new Dictionary<string, RatingSummary>(StringComparer.Ordinal);
        if (slugs.Count == 0)
            return result;
        await using var command = database.CreateCommand($"""
            SELECT data->>'Service', avg((data->>'Stars')::int), count(*)
            FROM {Schema}.mt_doc_servicerating WHERE data->>'Service' = ANY($1) GROUP BY 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = slugs.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            result[reader.GetString(0)] = new RatingSummary(Math.Round((double)reader.GetDecimal(1), 2), reader.GetInt64(2));
        return result;
    }
}
