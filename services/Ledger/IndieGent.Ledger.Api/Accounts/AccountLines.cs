using System.Collections.Concurrent;
using IndieGent.Ledger.Api.Payments;
using IndieGent.Messaging;
using Marten;
using Microsoft.Extensions.Options;

namespace IndieGent.Ledger.Api.Accounts;

/// <summary>
/// The request path's writers of one account line (an agent's account, or a treasury's) in this
/// process: they take turns, and the steps that queue while a commit is in flight go together into
/// the next one — one scope, one session, each step deciding on the account as the steps before it
/// left it (<see cref="AccountService.GroupAppends"/>), ONE commit.
/// </summary>
/// <remarks>
/// <para>Without the grouping, a burst of one agent's calls is as slow as its commits in a row
/// (500 concurrent marketplace calls from one agent took longer than the caller's 10 s patience on a
/// busy machine); with it, a burst costs a few commits.</para>
/// <para>A step writes into the scope's session (its account events, its saga, the outbox messages
/// and deadlines it publishes through the scope) and never commits: the line does. Two steps with
/// the same key (the same payment, call or transfer) never share a commit; the second decides on
/// what the first committed. A commit that lost a race — another replica appended to the account,
/// or created the same record, since the group read — decides the whole group again, up to
/// <see cref="PaymentSagaOptions.ReservationAttempts"/> times. A step that throws fails alone: the
/// others are decided again without it. Any other failure of a group's commit is retried step by
/// step, so only the step that causes it fails.</para>
/// <para>Optimistic concurrency is what makes the decision correct across replicas; the line only
/// keeps this process's writers from losing to each other.</para>
/// </remarks>
public sealed class AccountLines(IServiceScopeFactory scopes, IOptions<PaymentSagaOptions> options)
{
    private readonly ConcurrentDictionary<Guid, Line> _lines = new();

    /// <summary>
    /// Runs <paramref name="step"/> on line <paramref name="lineId"/>, committed with the steps queued
    /// beside it, and returns what it decided once that commit is done.
    /// </summary>
    /// <param name="key">What the step decides about (a payment, call or transfer id).</param>
    /// <param name="step">Writes into its scope's session; gets the group's token, not the caller's:
    /// a step that has started is carried through even when its caller stops waiting.</param>
    /// <param name="ct">Stops the wait; a step not yet started is then dropped.</param>
    public async Task<T> RunAsync<T>(Guid lineId, Guid key, Func<IServiceProvider, CancellationToken, Task<T>> step, CancellationToken ct)
    {
        var item = new Step(key, async (services, token) => await step(services, token));
        while (true)
        {
            var line = _lines.GetOrAdd(lineId, _ => new Line());
            bool lead;
            lock (line)
            {
                if (line.Retired)
                    continue;
                line.Waiting.Add(item);
                lead = !line.Draining;
                line.Draining = true;
            }

            if (lead)
                _ = Task.Run(() => DrainAsync(lineId, line), CancellationToken.None);
            break;
        }

        await using (ct.Register(() => item.Result.TrySetCanceled(ct)))
            return (T)(await item.Result.Task)!;
    }

    private async Task DrainAsync(Guid lineId, Line line)
    {
        while (TakeGroup(lineId, line) is { Count: > 0 } group)
        {
            try
            {
                if (!await CommitAsync(group))
                    // A failure that was no lost race, with several steps in the commit: each alone, so only its cause fails.
                    foreach (var one in group.Where(s => !s.Finished))
                        await CommitAsync([one]);
            }
            catch (Exception e)
            {
                // Not even a scope to decide in: nothing was committed.
                foreach (var step in group.Where(s => !s.Finished))
                    step.Fail(e);
            }
        }
    }

    private List<Step> TakeGroup(Guid lineId, Line line)
    {
        lock (line)
        {
            var group = new List<Step>();
            var keys = new HashSet<Guid>();
            for (var i = 0; i < line.Waiting.Count && group.Count < options.Value.MaxStepsPerCommit;)
            {
                var waiting = line.Waiting[i];
                if (waiting.Result.Task.IsCompleted)
                    line.Waiting.RemoveAt(i); // its caller stopped waiting before it started
                else if (keys.Add(waiting.Key))
                {
                    group.Add(waiting);
                    line.Waiting.RemoveAt(i);
                }
                else
                    i++;
            }

            if (group.Count == 0)
            {
                line.Draining = false;
                line.Retired = true;
                _lines.TryRemove(new KeyValuePair<Guid, Line>(lineId, line));
            }

            return group;
        }
    }

    /// <returns>False when a commit of several steps failed for a reason other than a lost race (none of them is finished then).</returns>
    private async Task<bool> CommitAsync(List<Step> group)
    {
        var steps = new List<Step>(group);
        for (var attempt = 1; ; attempt++)
        {
            // A step waits in its group until the steps before it have run: one whose caller stopped waiting
            // meanwhile has not started, and is dropped (a started one is carried through, as a commit may need it again).
            steps.RemoveAll(s => !s.Started && s.Result.Task.IsCompleted);
            if (steps.Count == 0)
                return true;
            await using var scope = scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
            AccountService.GroupAppends(session);
            var decided = new List<object?>(steps.Count);
            Step? failed = null;
            foreach (var step in steps)
            {
                if (!step.Started && step.Result.Task.IsCompleted)
                {
                    // Its caller stopped waiting while the steps before it ran: it never starts.
                    decided.Add(null);
                    continue;
                }

                step.Started = true;
                try
                {
                    decided.Add(await step.Run(scope.ServiceProvider, CancellationToken.None));
                }
                catch (Exception e)
                {
                    step.Fail(e);
                    failed = step;
                    break;
                }
            }

            if (failed is not null)
            {
                // Its writes may be half in the session: the others decide again without it.
                steps.Remove(failed);
                continue;
            }

            try
            {
                await session.SaveChangesAsync(CancellationToken.None);
            }
            catch (Exception e) when (MartenConflicts.IsLostRace(e) && attempt < options.Value.ReservationAttempts)
            {
                // Decide again on what the winner committed.
                continue;
            }
            catch (Exception) when (steps.Count > 1)
            {
                return false;
            }
            catch (Exception e)
            {
                steps[0].Fail(e);
                return true;
            }

            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i].Started)
                    steps[i].Succeed(decided[i]);
            }

            return true;
        }
    }

    private sealed class Line
    {
        public List<Step> Waiting { get; } = [];
        public bool Draining { get; set; }
        public bool Retired { get; set; }
    }

    private sealed class Step(Guid key, Func<IServiceProvider, CancellationToken, Task<object?>> run)
    {
        public Guid Key => key;
        public Func<IServiceProvider, CancellationToken, Task<object?>> Run => run;
        public TaskCompletionSource<object?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Run at least once: carried through to its commit even when its caller stops waiting.</summary>
        public bool Started { get; set; }

        /// <summary>Committed or failed: never run again (its caller may have stopped waiting, which only completes <see cref="Result"/>).</summary>
        public bool Finished { get; private set; }

        public void Succeed(object? result)
        {
            Finished = true;
            Result.TrySetResult(result);
        }

        public void Fail(Exception e)
        {
            Finished = true;
            Result.TrySetException(e);
        }
    }
}
