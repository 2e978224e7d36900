using Microsoft.Extensions.Hosting;

namespace IndieGent.Settlement.Api.Chain;

/// <summary>
/// The loop of a chain follower: run a step every interval, and at once again while it makes
/// progress (catching up after downtime); back off exponentially (at most 30 s) while it fails.
/// Passes record no spans (<see cref="BackgroundWork.Untraced"/>).
/// </summary>
public static class PollingLoop
{
    public static async Task RunAsync(Func<CancellationToken, Task<bool>> step, TimeSpan interval, TimeProvider time,
        Action<Exception, int> onFailure, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        var failures = 0;
        do
        {
            try
            {
                using (BackgroundWork.Untraced())
                {
                    while (!stoppingToken.IsCancellationRequested && await step(stoppingToken))
                    {
                    }
                }

                failures = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures++;
                onFailure(e, failures);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures))), time, stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
