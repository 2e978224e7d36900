using Microsoft.Extensions.Caching.Memory;

namespace IndieGent.Dashboard;

/// <summary>
/// Forms that create something carry a one-time id: the browser sending the same form again (a
/// reload of the answer page, a double click) is told it was done, and nothing is created twice.
/// </summary>
public sealed class FormSubmissions(IMemoryCache seen)
{
    private static readonly TimeSpan Remembered = TimeSpan.FromHours(1);

    /// <summary>True the first time <paramref name="submission"/> is seen in the last hour.</summary>
    public bool First(Guid submission)
    {
        var first = false;
        seen.GetOrCreate(("form", submission), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Remembered;
            entry.Size = 1;
            first = true;
            return true;
        });
        return first;
    }
}
