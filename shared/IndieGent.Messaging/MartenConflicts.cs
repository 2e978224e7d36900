using JasperFx;
using JasperFx.Events;
using Marten.Exceptions;

namespace IndieGent.Messaging;

/// <summary>
/// Recognises the failures of a commit that lost a race (Marten may wrap several in an
/// <see cref="AggregateException"/>): the caller reads again and decides on the winner's state.
/// </summary>
public static class MartenConflicts
{
    /// <summary>An insert found the document already there (another writer inserted it first).</summary>
    public static bool IsAlreadyInserted(Exception e) => e switch
    {
        DocumentAlreadyExistsException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsAlreadyInserted),
        _ => false,
    };

    /// <summary>A version-checked write (a document, a stream append) found a newer version, or an insert a document already there.</summary>
    public static bool IsLostRace(Exception e) => e switch
    {
        DocumentAlreadyExistsException or ConcurrencyException or EventStreamUnexpectedMaxEventIdException
            or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsLostRace),
        _ => false,
    };
}
