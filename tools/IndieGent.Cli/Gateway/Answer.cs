using System.Net.Http.Headers;
using System.Text.Json;

namespace IndieGent.Cli.Gateway;

/// <summary>An answer of the gateway: the typed value for tables and the JSON as sent, for <c>--json</c>.</summary>
public sealed record Answer<T>(T Value, JsonElement Json, HttpResponseHeaders Headers);
