using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Explicit bounds on what one request may make a service read (section <c>Http</c>), instead of
/// Kestrel's generous defaults (a 30 MB body). Endpoints that need less say so themselves.
/// </summary>
public sealed class HttpLimits
{
    public const string Section = "Http";

    /// <summary>The largest request body, in bytes (<c>Http:MaxRequestBodyBytes</c>).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest total of all request headers, in bytes.</summary>
    public int MaxRequestHeadersTotalBytes { get; set; } = 16 * 1024;

    /// <summary>The most request headers.</summary>
    public int MaxRequestHeaderCount { get; set; } = 64;

    /// <summary>The longest request line (method, target, version), in bytes.</summary>
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    public static void Apply(KestrelServerLimits limits, HttpLimits settings)
    {
        limits.MaxRequestBodySize = settings.MaxRequestBodyBytes;
        limits.MaxRequestHeadersTotalSize = settings.MaxRequestHeadersTotalBytes;
        limits.MaxRequestHeaderCount = settings.MaxRequestHeaderCount;
        limits.MaxRequestLineSize = settings.MaxRequestLineBytes;
    }
}
