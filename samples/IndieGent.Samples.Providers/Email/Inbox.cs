namespace IndieGent.Samples.Providers.Email;

/// <summary>
/// Every message the demo "sent", in memory, newest <see cref="Capacity"/> kept (older ones fall out), so the process
/// stays small whatever agents send. Addresses compare case-insensitively.
/// </summary>
public sealed class Inbox
{
    public const int Capacity = 10_000;

    private readonly Queue<EmailMessage> _messages = new();
    private readonly Lock _lock = new();

    public void Deliver(EmailMessage message)
    {
        lock (_lock)
        {
            _messages.Enqueue(message);
            if (_messages.Count > Capacity)
                _messages.Dequeue();
        }
    }

    /// <summary>The messages to <paramref name="address"/>, oldest first.</summary>
    public IReadOnlyList<EmailMessage> For(string address)
    {
        lock (_lock)
            return [.. _messages.Where(m => string.Equals(m.To, address, StringComparison.OrdinalIgnoreCase))];
    }
}
