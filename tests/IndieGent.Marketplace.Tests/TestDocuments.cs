using System.Text.Json.Nodes;
using IndieGent.Marketplace.Discovery;

namespace IndieGent.Marketplace.Tests;

/// <summary>The documents the tests read, and small edits of a minimal valid one.</summary>
internal static class TestDocuments
{
    public const string Usdc = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";

    /// <summary>The smallest document this reader lists: one paid operation, GET /search.</summary>
    public const string Search = $$"""
        {
          "openapi": "3.1.0",
          "info": { "title": "Search API", "version": "1.0.0" },
          "servers": [{ "url": "https://api.example.com" }],
          "paths": {
            "/search": {
              "get": {
                "operationId": "search",
                "x-payment-info": {
                  "offers": [
                    { "intent": "charge", "method": "evm", "amount": "1000", "currency": "{{Usdc}}" }
                  ]
                },
                "responses": {
                  "200": { "description": "Results" },
                  "402": { "description": "Payment Required" }
                }
              }
            }
          }
        }
        """;

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Documents", relativePath));

    /// <summary>
    /// <see cref="Search"/> with one member set to the given JSON (added when absent) or, when the
    /// JSON is <see langword="null"/>, removed. The pointer is RFC 6901, as in the errors.
    /// </summary>
    public static string SearchWith(string pointer, string? json) => Edit(Search, pointer, json);

    public static string Edit(string document, string pointer, string? json)
    {
        var root = JsonNode.Parse(document)!;
        var tokens = pointer.Split('/')[1..].Select(token => token.Replace("~1", "/").Replace("~0", "~")).ToArray();
        var parent = tokens[..^1].Aggregate(root, (node, token) => node is JsonArray array ? array[int.Parse(token)]! : node[token]!);
        var last = tokens[^1];
        var value = json is null ? null : JsonNode.Parse(json);
        switch (parent)
        {
            case JsonArray array when json is null:
                array.RemoveAt(int.Parse(last));
                break;
            case JsonArray array when int.Parse(last) == array.Count:
                array.Add(value);
                break;
            case JsonArray array:
                array[int.Parse(last)] = value;
                break;
            case JsonObject obj when json is null:
                Assert.True(obj.Remove(last), $"nothing to remove at {pointer}");
                break;
            case JsonObject obj:
                obj[last] = value;
                break;
        }
        return root.ToJsonString();
    }

    /// <summary>A failed result's single error, or a failure naming all of them.</summary>
    public static DiscoveryIssue SingleError(DiscoveryResult result)
    {
        Assert.False(result.Succeeded, "the document was accepted");
        Assert.True(result.Errors.Count == 1, "expected one error, got:\n" + string.Join("\n", result.Errors));
        return result.Errors[0];
    }

    /// <summary>An offer as comparable values (its extension members as name=json).</summary>
    public static (string Intent, string Method, string? Amount, string? Currency, string? Description, string Extensions) Shape(DiscoveredOffer offer) =>
        (offer.Intent, offer.Method, offer.Amount, offer.Currency, offer.Description,
            string.Join(";", offer.Extensions.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}")));
}
