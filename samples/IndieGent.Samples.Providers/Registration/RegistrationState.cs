using IndieGent.Payments.AspNetCore.Marketplace;

namespace IndieGent.Samples.Providers.Registration;

/// <summary>
/// Where registration stands, and the provider id the marketplace call check uses: none until the platform gave one,
/// so paid routes answer 503 until then.
/// </summary>
public sealed class RegistrationState : IMarketplaceProviderIdSource
{
    private volatile Snapshot _now = new(null, "Registering with the IndieGent marketplace.", Failed: false);

    /// <inheritdoc />
    public Guid? ProviderId => _now.ProviderId;

    /// <summary>What a human should know about it.</summary>
    public string Description => _now.Description;

    /// <summary>Whether registration gave up (a mistake retrying cannot fix).</summary>
    public bool Failed => _now.Failed;

    public void Registered(Guid providerId) =>
        _now = new Snapshot(providerId, $"Registered as provider {providerId}.", Failed: false);

    public void Retrying(string why) => _now = _now with { Description = $"Registering with the IndieGent marketplace; the last attempt failed: {why}" };

    public void GaveUp(string why) => _now = _now with { Description = $"Registration failed: {why}", Failed = true };

    private sealed record Snapshot(Guid? ProviderId, string Description, bool Failed);
}
