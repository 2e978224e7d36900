using IndieGent.Messaging.Outbox;
using MassTransit;
using MassTransit.Scheduling;

namespace IndieGent.Messaging.Scheduling;

/// <summary>
/// Schedules messages as outbox rows due later, without RabbitMQ's delayed-exchange plugin. The
/// scheduled send goes through the outbox (of the consume, or the bus outbox of the scope), which
/// stores it with its due time and its <c>MT-Scheduling-TokenId</c> header; the relay sends it when
/// it is due. A saga's schedule therefore commits, or is cancelled, with the saga's own state.
/// </summary>
internal sealed class MartenScheduleMessageProvider(ISendEndpointProvider outboxSendEndpoints, OutboxWriter writer)
    : IScheduleMessageProvider
{
    public async Task<ScheduledMessage<T>> ScheduleSend<T>(
        Uri destinationAddress, DateTime scheduledTime, T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken)
        where T : class
    {
        if (!MessageTypeCache<T>.IsValidMessageType)
            throw new ArgumentException(MessageTypeCache<T>.InvalidMessageTypeReason, nameof(message));

        // Sets the send's delay (which becomes the row's due time) and the token header that lets a
        // saga ignore a timeout it has since unscheduled or replaced.
        var schedulePipe = new ScheduleSendPipe<T>(pipe, scheduledTime)
        {
            ScheduledMessageId = ScheduleTokenIdCache<T>.GetTokenId(message),
        };

        var endpoint = await outboxSendEndpoints.GetSendEndpoint(destinationAddress).ConfigureAwait(false);
        await endpoint.Send(message, schedulePipe, cancellationToken).ConfigureAwait(false);

        return new ScheduledMessageHandle<T>(schedulePipe.ScheduledMessageId ?? NewId.NextGuid(), scheduledTime, destinationAddress, message);
    }

    public Task CancelScheduledSend(Guid tokenId, CancellationToken cancellationToken)
    {
        writer.Cancel(tokenId);
        return Task.CompletedTask;
    }

    public Task CancelScheduledSend(Uri destinationAddress, Guid tokenId, CancellationToken cancellationToken) =>
        CancelScheduledSend(tokenId, cancellationToken);
}
