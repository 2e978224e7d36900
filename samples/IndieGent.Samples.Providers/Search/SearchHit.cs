namespace IndieGent.Samples.Providers.Search;

/// <summary>A ranked result: its rank (1 first) and score (term matches: 3 per title match, 1 per snippet or URL match).</summary>
public sealed record SearchHit(int Rank, string Title, string Url, string Snippet, int Score);
