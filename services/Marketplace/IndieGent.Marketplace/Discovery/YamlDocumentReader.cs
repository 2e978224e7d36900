using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IndieGent.Marketplace.Discovery;

/// <summary>
/// A YAML document as the JSON tree it stands for, with the YAML 1.2 core schema's reading of plain
/// scalars (<c>null</c>, booleans, integers, floats; everything else, and every quoted scalar, a string).
/// Aliases are refused (an alias bomb expands a small file into a huge tree), as are duplicate keys,
/// non-scalar keys, several documents in one stream and nesting deeper than JSON allows here.
/// </summary>
internal static partial class YamlDocumentReader
{
    /// <summary>The document as JSON text (<c>null</c> for a YAML null), or <see langword="null"/> when it is refused.</summary>
    public static string? ReadAsJson(string text, IssueLog log)
    {
        var parser = new GuardedParser(new Parser(new StringReader(text)));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                log.Error(JsonPointer.Document, "The document is empty.");
                return null;
            }
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, JsonPointer.Document, 1);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
                throw new Refused(JsonPointer.Document, "The YAML stream holds more than one document.");
            return root?.ToJsonString() ?? "null";
        }
        catch (Refused e)
        {
            log.Error(e.Pointer, e.Message);
        }
        catch (YamlException e)
        {
            log.Error(JsonPointer.Document, $"The document is neither valid JSON nor valid YAML: {e.Message} (line {e.Start.Line}, column {e.Start.Column}).");
        }
        return null;
    }

    private static JsonNode? ReadNode(IParser parser, string pointer, int depth)
    {
        if (depth > DocumentReader.MaxDepth)
            throw new Refused(pointer, $"The document nests deeper than {DocumentReader.MaxDepth} levels.");
        if (parser.TryConsume<AnchorAlias>(out var alias))
            throw new Refused(pointer, $"YAML aliases are not accepted ({Excerpt.Quote("*" + alias.Value)} at line {alias.Start.Line}): write the value out.");
        if (parser.TryConsume<Scalar>(out var scalar))
            return ReadScalar(scalar);
        if (parser.TryConsume<SequenceStart>(out _))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
                array.Add(ReadNode(parser, JsonPointer.Append(pointer, array.Count), depth + 1));
            return array;
        }
        if (parser.TryConsume<MappingStart>(out _))
        {
            var map = new JsonObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (!parser.TryConsume<Scalar>(out var key))
                    throw new Refused(pointer, $"A YAML key at line {parser.Current?.Start.Line} is not a plain value; JSON keys are strings.");
                var member = JsonPointer.Append(pointer, key.Value);
                if (map.ContainsKey(key.Value))
                    throw new Refused(member, $"The key {Excerpt.Quote(key.Value)} appears twice (line {key.Start.Line}).");
                map[key.Value] = ReadNode(parser, member, depth + 1);
            }
            return map;
        }
        throw new Refused(pointer, $"Unexpected YAML at line {parser.Current?.Start.Line}.");
    }

    private static JsonNode? ReadScalar(Scalar scalar)
    {
        var value = scalar.Value;
        var explicitString = !scalar.Tag.IsEmpty && (scalar.Tag.IsNonSpecific || scalar.Tag.Value == "tag:yaml.org,2002:str");
        if (scalar.Style != ScalarStyle.Plain || explicitString) return JsonValue.Create(value);

        if (value is "" or "~" or "null" or "Null" or "NULL") return null;
        if (value is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (value is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (DecimalInteger().IsMatch(value)) return JsonNode.Parse(AsJsonInteger(value));
        // Hexadecimal and octal integers are converted only up to 256 bits; longer ones stay text.
        if (value.Length is > 2 and <= 66 && value.StartsWith("0x", StringComparison.Ordinal) && value[2..].All(char.IsAsciiHexDigit))
            return JsonNode.Parse(BigInteger.Parse("0" + value[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        if (value.Length is > 2 and <= 88 && value.StartsWith("0o", StringComparison.Ordinal) && value[2..].All(c => c is >= '0' and <= '7'))
            return JsonNode.Parse(value[2..].Aggregate(BigInteger.Zero, (n, c) => n * 8 + (c - '0')).ToString(CultureInfo.InvariantCulture));
        if (Float().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            return JsonValue.Create(number);
        // .inf and .nan have no JSON form; like any other plain text they stay strings.
        return JsonValue.Create(value);
    }

    /// <summary>JSON has no "+" sign and no leading zeros; the digits are kept as they are, however many.</summary>
    private static string AsJsonInteger(string value)
    {
        var negative = value[0] == '-';
        var digits = value.TrimStart('+', '-').TrimStart('0');
        return digits.Length == 0 ? "0" : negative ? "-" + digits : digits;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();

    private sealed class Refused(string pointer, string message) : Exception(message)
    {
        public string Pointer { get; } = pointer;
    }

    /// <summary>
    /// YamlDotNet reports most malformed input as <see cref="YamlException"/>, but some of it as
    /// other exceptions (<see cref="InvalidOperationException"/> from its scanner, <see cref="ArgumentException"/>
    /// for a bad tag: found by Hostile_documents); any of those from the parser is a refusal.
    /// </summary>
    private sealed class GuardedParser(IParser inner) : IParser
    {
        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            try
            {
                return inner.MoveNext();
            }
            catch (Exception e) when (e is not YamlException and not OutOfMemoryException)
            {
                throw new Refused(JsonPointer.Document, $"The document is neither valid JSON nor valid YAML (line {inner.Current?.End.Line}).");
            }
        }
    }
}
