namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// One problem found in a discovery document: where (an RFC 6901 JSON pointer into the document,
/// <c>""</c> for the document as a whole, e.g. <c>/paths/~1search/get/x-payment-info/offers/0/amount</c>)
/// and what, in words a service's author can act on. A YAML document gets the pointers its JSON form
/// would have.
/// </summary>
public sealed record DiscoveryIssue(string Pointer, string Message)
{
    public override string ToString() => $"{(Pointer.Length == 0 ? "(document)" : Pointer)}: {Message}";
}
