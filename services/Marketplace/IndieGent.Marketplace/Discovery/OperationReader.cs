using System.Text.Json;

namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// The operations under <c>paths</c> (draft section "Required Top-Level Fields": at least one path with
/// operations), their <c>x-payment-info</c>, and the draft's rules for payable operations: a <c>402</c>
/// response (section "402 Response Declaration") and, as a warning, an input schema (section "Input Schema").
/// A paid service's listing needs at least one payable operation.
/// </summary>
internal static class OperationReader
{
    // The operation fields of an OpenAPI Path Item Object ("query" is OpenAPI 3.2's).
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

    private static readonly string[] MethodsWithBody = ["post", "put", "patch"];

    public static List<DiscoveredOperation> Read(JsonElement root, IssueLog log)
    {
        const string pointer = "/paths";
        var operations = new List<DiscoveredOperation>();
        if (!root.TryGetProperty("paths", out var paths))
        {
            log.Error(pointer, $"'paths' is missing: the document must describe at least one operation ({IssueLog.Draft}, section \"Required Top-Level Fields\").");
            return operations;
        }
        if (paths.ValueKind != JsonValueKind.Object)
        {
            log.Error(pointer, $"'paths' must be an object, not {JsonMembers.Describe(paths)}.");
            return operations;
        }
        var declaresPayment = false;
        var operationIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths.EnumerateObject())
        {
            var pathPointer = JsonPointer.Append(pointer, path.Name);
            if (!path.Name.StartsWith('/'))
            {
                log.Error(pathPointer, $"The path {Excerpt.Quote(path.Name)} must begin with '/'.");
                continue;
            }
            if (path.Value.ValueKind != JsonValueKind.Object)
            {
                log.Error(pathPointer, $"A path item must be an object, not {JsonMembers.Describe(path.Value)}.");
                continue;
            }
            if (path.Value.TryGetProperty("$ref", out _))
                log.Warn(JsonPointer.Append(pathPointer, "$ref"), "Path item references are not followed: only operations written in place are listed.");
            foreach (var member in path.Value.EnumerateObject())
            {
                if (!Methods.Contains(member.Name)) continue;
                var operationPointer = JsonPointer.Append(pathPointer, member.Name);
                if (member.Value.ValueKind != JsonValueKind.Object)
                {
                    log.Error(operationPointer, $"An operation must be an object, not {JsonMembers.Describe(member.Value)}.");
                    continue;
                }
                declaresPayment |= member.Value.TryGetProperty("x-payment-info", out _);
                operations.Add(ReadOperation(path.Name, member.Name, member.Value, operationPointer, operationIds, log));
            }
        }
        if (operations.Count == 0 && !log.HasErrors)
            log.Error(pointer, $"The document describes no operation; it must have at least one path with operations ({IssueLog.Draft}, section \"Required Top-Level Fields\").");
        else if (!declaresPayment)
            log.Error(pointer, $"No operation carries 'x-payment-info': a paid service's listing needs at least one payable operation with an offer ({IssueLog.Draft}, section \"Payment Extension: x-payment-info\").");
        return operations;
    }

    private static DiscoveredOperation ReadOperation(string path, string method, JsonElement operation, string pointer, HashSet<string> operationIds, IssueLog log)
    {
        var operationId = JsonMembers.OptionalString(operation, "operationId", pointer, log);
        if (operationId is not null && !operationIds.Add(operationId))
            log.Error(JsonPointer.Append(pointer, "operationId"), $"The operationId {Excerpt.Quote(operationId)} is used by another operation; operationIds must be unique (OpenAPI \"Operation Object\").");
        var summary = JsonMembers.OptionalString(operation, "summary", pointer, log);
        var description = JsonMembers.OptionalString(operation, "description", pointer, log);
        var hasRequestBody = operation.TryGetProperty("requestBody", out _);

        IReadOnlyList<DiscoveredOffer> offers = [];
        if (operation.TryGetProperty("x-payment-info", out var paymentInfo))
        {
            offers = PaymentInfoReader.Read(paymentInfo, JsonPointer.Append(pointer, "x-payment-info"), log);
            if (!Declares402(operation))
                log.Error(JsonPointer.Append(pointer, "responses"), $"A payable operation must declare a \"402\" response ({IssueLog.Draft}, section \"402 Response Declaration\").");
            if (!hasRequestBody && MethodsWithBody.Contains(method))
                log.Warn(pointer, $"No requestBody: discovery clients may mark this operation \"schema-missing\" ({IssueLog.Draft}, section \"Input Schema\").");
        }
        return new DiscoveredOperation(method.ToUpperInvariant(), path, operationId, Blank(summary), Blank(description), offers, hasRequestBody);
    }

    private static bool Declares402(JsonElement operation) =>
        operation.TryGetProperty("responses", out var responses) && responses.ValueKind == JsonValueKind.Object && responses.TryGetProperty("402", out _);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
