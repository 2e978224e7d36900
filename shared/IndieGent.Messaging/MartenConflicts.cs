using JasperFx;
using JasperFx.Events;

namespace IndieGent.Messaging;

/// <summary>
/// Recognises the failures of a commit that lost a race (Marten may wrap several in an
/// <see cref="AggregateException"/>): the caller reads again and decides on the winner's state.
/// </summary>
public static class MartenConflicts
{
    /// <summary>An insert found the document, or a new stream its id, already there (another writer was first).</summary>
    public static bool IsAlreadyInserted(Exception e) => All(e, one => one is DocumentAlreadyExistsException
        or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException);

    /// <summary>A version-checked write (a document, a stream append) found a newer version.</summary>
    public static bool IsStaleWrite(Exception e) => All(e, one => one is ConcurrencyException or EventStreamUnexpectedMaxEventIdException);

    /// <summary>Either of the above.</summary>
    public static bool IsLostRace(Exception e) => All(e, one => IsAlreadyInserted(one) || IsStaleWrite(one));

    private static bool All(Exception e, Func<Exception, bool> test) =>
        e is AggregateException aggregate ? aggregate.InnerExceptions.All(inner => All(inner, test)) : test(e);
}
