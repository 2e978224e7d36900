using System.Text;
using IndieGent.Marketplace.Discovery;
using static IndieGent.Marketplace.Tests.TestDocuments;

namespace IndieGent.Marketplace.Tests;

/// <summary>What is not an OpenAPI 3.x document, what is too large, and how YAML is read.</summary>
public sealed class Document_format_and_size
{
    [Theory]
    [InlineData("""{ "swagger": "2.0", "info": { "title": "Old", "version": "1" }, "paths": {} }""", "/openapi", "Swagger 2.0")]
    [InlineData("""{ "name": "not an API description" }""", "/openapi", "not an OpenAPI 3.x document")]
    [InlineData("""{ "openapi": "3.1.0", """, "", "not valid JSON")]
    [InlineData("""{ "openapi": "3.1.0", "openapi": "3.0.0" }""", "", "Duplicate")]
    [InlineData("""{ "openapi": "3.1.0", } """, "", "not valid JSON")]
    [InlineData("""[ { "openapi": "3.1.0" } ]""", "", "not an array")]
    [InlineData("<!DOCTYPE html><html><body>Not found</body></html>", "", "not a string")]
    [InlineData("just some words", "", "not a string")]
    [InlineData("   \n\t ", "", "empty")]
    [InlineData("", "", "empty")]
    [InlineData("openapi: [3.1.0", "", "neither valid JSON nor valid YAML")]
    // Found by Hostile_documents: YamlDotNet throws InvalidOperationException and ArgumentException on these.
    [InlineData("a: [b, c\nd: e\n", "", "neither valid JSON nor valid YAML")]
    [InlineData("a: !<> 1", "", "neither valid JSON nor valid YAML")]
    [InlineData("~", "", "not null")]
    public void Anything_but_an_OpenAPI_3_document_is_one_clear_error(string document, string pointer, string messagePart)
    {
        var error = SingleError(OpenApiDiscovery.Parse(document));

        Assert.Equal(pointer, error.Pointer);
        Assert.Contains(messagePart, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Invalid_UTF8_is_refused()
    {
        var bytes = Encoding.ASCII.GetBytes("openapi: 3.1.0\ninfo: x").Append((byte)0xFF).ToArray();

        Assert.Contains("UTF-8", SingleError(OpenApiDiscovery.Parse(bytes.AsMemory())).Message);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Search)).ToArray();

        Assert.True(OpenApiDiscovery.Parse(bytes.AsMemory()).Succeeded);
    }

    [Fact]
    public void A_document_at_the_limit_is_read_and_one_byte_over_is_refused()
    {
        var size = Encoding.UTF8.GetByteCount(Search);

        Assert.True(OpenApiDiscovery.Parse(Search, new DiscoveryOptions { MaxDocumentBytes = size }).Succeeded);
        var error = SingleError(OpenApiDiscovery.Parse(Search, new DiscoveryOptions { MaxDocumentBytes = size - 1 }));
        Assert.Equal("", error.Pointer);
        Assert.Equal($"The document is {size} bytes; the limit is {size - 1} bytes.", error.Message);
        Assert.Equal("", SingleError(OpenApiDiscovery.Parse(Encoding.UTF8.GetBytes(Search).AsMemory(), new DiscoveryOptions { MaxDocumentBytes = size - 1 })).Pointer);
    }

    [Fact]
    public void The_default_limit_is_one_mebibyte()
    {
        var padded = SearchWith("/info/description", $"\"{new string('x', OpenApiDiscovery.DefaultMaxDocumentBytes)}\"");

        Assert.Equal(1024 * 1024, OpenApiDiscovery.DefaultMaxDocumentBytes);
        Assert.Contains("the limit is 1048576 bytes", SingleError(OpenApiDiscovery.Parse(padded)).Message);
    }

    [Fact]
    public async Task A_stream_is_read_only_up_to_the_limit()
    {
        var endless = new EndlessStream();

        var result = await OpenApiDiscovery.ParseAsync(endless, new DiscoveryOptions { MaxDocumentBytes = 64 * 1024 }, TestContext.Current.CancellationToken);

        Assert.Equal("The document is larger than the limit of 65536 bytes.", SingleError(result).Message);
        Assert.InRange(endless.BytesRead, 64 * 1024 + 1, 64 * 1024 + 16 * 1024);
    }

    [Fact]
    public void The_size_limit_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OpenApiDiscovery.Parse(Search, new DiscoveryOptions { MaxDocumentBytes = 0 }));
    }

    [Fact]
    public void An_unquoted_YAML_number_is_not_an_amount_and_the_error_says_to_quote_it()
    {
        var yaml = Yaml(amount: "500");

        var error = SingleError(OpenApiDiscovery.Parse(yaml));

        Assert.Equal("/paths/~1search/get/x-payment-info/amount", error.Pointer);
        Assert.Contains("quote it", error.Message);
    }

    [Theory]
    [InlineData("\"500\"", "500")]
    [InlineData("'500'", "500")]
    [InlineData("!!str 500", "500")]
    [InlineData("null", null)]
    [InlineData("~", null)]
    public void Quoted_YAML_amounts_are_strings_and_null_is_dynamic(string written, string? amount)
    {
        var result = OpenApiDiscovery.Parse(Yaml(amount: written));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(amount, result.Listing.Operations[0].Offers[0].Amount);
    }

    [Fact]
    public void A_YAML_version_written_as_a_number_is_an_error_that_says_to_quote_it()
    {
        var error = SingleError(OpenApiDiscovery.Parse(Yaml(amount: "\"1\"").Replace("openapi: 3.1.0", "openapi: 3.1")));

        Assert.Equal("/openapi", error.Pointer);
        Assert.Contains("quote it", error.Message);
    }

    [Fact]
    public void YAML_aliases_are_refused()
    {
        var yaml = Yaml(amount: "\"1\"").Replace("  title: Search API", "  title: &name Search API\n  summary: *name");

        var error = SingleError(OpenApiDiscovery.Parse(yaml));

        Assert.Equal("/info/summary", error.Pointer);
        Assert.Contains("aliases", error.Message);
    }

    [Fact]
    public void A_YAML_key_twice_is_refused_where_it_repeats()
    {
        var yaml = Yaml(amount: "\"1\"").Replace("        method: evm", "        method: evm\n        method: tempo");

        Assert.Equal("/paths/~1search/get/x-payment-info/method", SingleError(OpenApiDiscovery.Parse(yaml)).Pointer);
    }

    [Fact]
    public void A_YAML_stream_of_two_documents_is_refused()
    {
        var yaml = Yaml(amount: "\"1\"") + "\n---\nopenapi: 3.0.0\n";

        Assert.Contains("more than one document", SingleError(OpenApiDiscovery.Parse(yaml)).Message);
    }

    [Fact]
    public void YAML_nested_deeper_than_64_levels_is_refused()
    {
        var yaml = Yaml(amount: "\"1\"") + "\nx-deep: " + new string('[', 70) + new string(']', 70) + "\n";

        Assert.Contains("deeper than 64", SingleError(OpenApiDiscovery.Parse(yaml)).Message);
    }

    [Fact]
    public void JSON_nested_deeper_than_64_levels_is_refused()
    {
        var json = Search.TrimEnd()[..^1] + ", \"x-deep\": " + new string('[', 70) + new string(']', 70) + "}";

        Assert.Equal("", SingleError(OpenApiDiscovery.Parse(json)).Pointer);
    }

    private static string Yaml(string amount) => $"""
        openapi: 3.1.0
        info:
          title: Search API
          version: "1"
        servers:
          - url: https://api.example.com
        paths:
          /search:
            get:
              x-payment-info:
                intent: charge
                method: evm
                amount: {amount}
              responses:
                402:
                  description: Payment Required
        """;

    /// <summary>A stream that never ends, counting what was read from it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            BytesRead += count;
            return count;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
