using JasperFx;
using Marten;

namespace IndieGent.Settlement.Api.Payments;

public static class DocumentStoreExtensions
{
    /// <summary>Inserts <paramref name="document"/>, or returns the one already stored under <paramref name="id"/>: the first writer wins.</summary>
    public static async Task<T> InsertOnceAsync<T>(this IDocumentStore store, T document, Guid id, CancellationToken ct)
        where T : class
    {
        await using (var session = store.LightweightSession())
        {
            session.Insert(document);
            try
            {
                await session.SaveChangesAsync(ct);
                return document;
            }
            catch (DocumentAlreadyExistsException)
            {
            }
        }

        await using var query = store.QuerySession();
        return (await query.LoadAsync<T>(id, ct))!;
    }
}
