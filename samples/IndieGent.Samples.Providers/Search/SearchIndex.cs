namespace IndieGent.Samples.Providers.Search;

/// <summary>
/// Term-matching search over a fixed corpus: a query's words (lower-cased, stop words dropped) score 3 for each one in a
/// title, 1 for each occurrence in a snippet and 1 for each one in a URL; ties go to the URL in ordinal order. The same
/// query always gives the same results.
/// </summary>
public sealed class SearchIndex(IReadOnlyList<SearchDocument> documents)
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "is", "it", "of", "on", "or", "the", "to", "what", "with",
    };

    private readonly (SearchDocument Document, string[] Title, string[] Snippet, string[] Url)[] _indexed =
        [.. documents.Select(d => (d, Terms(d.Title), Terms(d.Snippet), Terms(d.Url)))];

    public int Count => _indexed.Length;

    /// <summary>The best <paramref name="limit"/> hits and how many documents matched at all.</summary>
    public (IReadOnlyList<SearchHit> Hits, int Total) Query(string query, int limit)
    {
        var terms = Terms(query).Distinct(StringComparer.Ordinal).ToArray();
        var scored = _indexed
            .Select(d => (d.Document, Score: terms.Sum(t => 3 * d.Title.Count(t.Equals) + d.Snippet.Count(t.Equals) + (d.Url.Contains(t) ? 1 : 0))))
            .Where(d => d.Score > 0)
            .OrderByDescending(d => d.Score)
            .ThenBy(d => d.Document.Url, StringComparer.Ordinal)
            .ToList();
        var hits = scored.Take(limit).Select((d, i) => new SearchHit(i + 1, d.Document.Title, d.Document.Url, d.Document.Snippet, d.Score)).ToList();
        return (hits, scored.Count);
    }

    private static string[] Terms(string text) =>
        [.. text.ToLowerInvariant().Split(text.Where(c => !char.IsLetterOrDigit(c)).Distinct().ToArray(), StringSplitOptions.RemoveEmptyEntries)
            .Where(t => t.Length > 1 && !StopWords.Contains(t))];

    public static SearchIndex CreateDefault() => new(Corpus.Documents);
}
