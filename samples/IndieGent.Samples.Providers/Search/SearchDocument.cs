namespace IndieGent.Samples.Providers.Search;

/// <summary>A page of the built-in corpus.</summary>
public sealed record SearchDocument(string Title, string Url, string Snippet);
