using IndieGent.Dashboard.Gateway;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace IndieGent.Dashboard.Components;

/// <summary>
/// An interactive part of a page that follows the operator's payment events from the Gateway while
/// the page is open (on the server, with the key from the session), reconnecting after a broken stream.
/// </summary>
public abstract class PaymentStreamComponent : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    [Inject] private PaymentEventStream Stream { get; set; } = null!;

    [Inject] private ILogger<PaymentStreamComponent> Log { get; set; } = null!;

    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    /// <summary>True while the Gateway streams to this page.</summary>
    protected bool Connected { get; private set; }

    /// <summary>Why it is not connected, once it was.</summary>
    protected string? Problem { get; private set; }

    protected CancellationToken Stopping => _stop.Token;

    /// <summary>One payment's change; called on the component's dispatcher.</summary>
    protected abstract Task OnPaymentAsync(PaymentEvent e);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || Authentication is null)
            return;
        var user = (await Authentication).User;
        if (user.FindFirst(OperatorSession.KeyClaim)?.Value is not { } key)
            return;
        _ = FollowAsync(key);
    }

    private async Task FollowAsync(string key)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in Stream.ReadAsync(key, async () =>
                               {
                                   (Connected, Problem) = (true, null);
                                   await InvokeAsync(StateHasChanged);
                               }, _stop.Token))
                    await InvokeAsync(() => OnPaymentAsync(e));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or GatewayProblem or IOException or System.Text.Json.JsonException)
            {
                Log.LogInformation("The payment event stream broke ({Error}); reconnecting", e.Message);
                Problem = "reconnecting…";
            }

            Connected = false;
            await InvokeAsync(StateHasChanged);
            try
            {
                // A pause before the next attempt (a Gateway restarting).
                await Task.Delay(TimeSpan.FromSeconds(2), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
