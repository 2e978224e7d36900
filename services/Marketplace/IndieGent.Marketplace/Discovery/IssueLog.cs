namespace IndieGent.Marketplace.Discovery;

/// <summary>The errors and warnings found while one document is read.</summary>
internal sealed class IssueLog
{
    /// <summary>Cited in messages so a service's author can look the rule up.</summary>
    public const string Draft = "draft-payment-discovery-00";

    public List<DiscoveryIssue> Errors { get; } = [];

    public List<DiscoveryIssue> Warnings { get; } = [];

    public bool HasErrors => Errors.Count > 0;

    public void Error(string pointer, string message) => Errors.Add(new DiscoveryIssue(pointer, message));

    public void Warn(string pointer, string message) => Warnings.Add(new DiscoveryIssue(pointer, message));
}
