using System.ComponentModel.DataAnnotations;

namespace IndieGent.Dashboard;

/// <summary>Section <c>Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>The public Gateway the dashboard calls with the operator's key (service discovery names work: <c>http://gateway</c>).</summary>
    [Required]
    public string GatewayUrl { get; set; } = "http://gateway";

    /// <summary>How long a session lasts without use (each use past half of it extends it); then the operator signs in again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}
