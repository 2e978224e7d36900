using System.ComponentModel.DataAnnotations;

namespace IndieGent.Dashboard;

/// <summary>Section <c>Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>The public Gateway the dashboard calls with the operator's key (service discovery names work: <c>http://gateway</c>).</summary>
    [Required]
    public string GatewayUrl { get; set; } = "http://gateway";
}
