using System.Text;
using System.Text.Json;

namespace IndieGent.Payments.Protocol.Tests.Conformance;

/// <summary>Loads the vendored mpp-tools vectors and exposes each scenario to a theory by name.</summary>
internal static class Vectors
{
    private static readonly Dictionary<string, JsonElement> Files = new();

    public static JsonElement File(string name)
    {
        lock (Files)
        {
            if (!Files.TryGetValue(name, out var root))
            {
                var path = Path.Combine(AppContext.BaseDirectory, "Conformance", "vectors", name + ".json");
                using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(path));
                root = document.RootElement.Clone();
                Files[name] = root;
            }

            return root;
        }
    }

    public static TheoryData<string> ScenarioNames(string file)
    {
        var data = new TheoryData<string>();
        foreach (var scenario in File(file).GetProperty("scenarios").EnumerateArray())
            data.Add(scenario.GetProperty("name").GetString()!);
        return data;
    }

    public static JsonElement Scenario(string file, string name)
    {
        foreach (var scenario in File(file).GetProperty("scenarios").EnumerateArray())
        {
            if (scenario.GetProperty("name").GetString() == name)
                return scenario;
        }

        throw new InvalidOperationException($"No scenario {name} in {file}.");
    }

    /// <summary>The scenario's wire text; the stress vector describes it as prefix + repeat × count.</summary>
    public static string Wire(JsonElement scenario)
    {
        var wire = scenario.GetProperty("wire");
        if (wire.ValueKind == JsonValueKind.String)
            return wire.GetString()!;
        var builder = new StringBuilder(wire.GetProperty("prefix").GetString());
        var repeat = wire.GetProperty("repeat").GetString();
        for (var i = wire.GetProperty("count").GetInt32(); i > 0; i--)
            builder.Append(repeat);
        return builder.ToString();
    }

    /// <summary><c>tests.&lt;kind&gt;</c>: null when absent, true for a success test, false for an expected failure.</summary>
    public static bool? Expectation(JsonElement scenario, string kind)
    {
        if (!scenario.TryGetProperty("tests", out var tests) || !tests.TryGetProperty(kind, out var test))
            return null;
        return test.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => null,
            JsonValueKind.Object => test.GetProperty("success").GetBoolean(),
            _ => throw new InvalidOperationException("Unexpected test shape."),
        };
    }

    public static string? OptionalString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) ? value.GetString() : null;

    public static byte[] Json(JsonElement element) => Encoding.UTF8.GetBytes(element.GetRawText());
}
