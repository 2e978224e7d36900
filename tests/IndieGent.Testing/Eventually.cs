namespace IndieGent.Testing;

/// <summary>Waits for a condition instead of sleeping a guessed time; fails the test when the bound passes.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds; throws <see cref="TimeoutException"/> after <paramref name="bound"/> (30 s by default).</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, CancellationToken cancellationToken, TimeSpan? bound = null)
    {
        var limit = bound ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"The condition did not hold within {limit.TotalSeconds:0} s.");
            await Task.Delay(100, cancellationToken);
        }
    }
}
