using IndieGent.Marketplace.Discovery;
using static IndieGent.Marketplace.Tests.TestDocuments;

namespace IndieGent.Marketplace.Tests;

/// <summary>
/// The base URL comes from <c>servers[0].url</c>; relative URLs and a missing server resolve against
/// the document's own URL when the caller knows it. Documentation links follow the same rules.
/// </summary>
public sealed class Base_url_and_links
{
    private static readonly DiscoveryOptions AtExample = new() { DocumentUrl = new Uri("https://api.example.com/openapi.json") };

    [Theory]
    [InlineData("https://api.example.com", "https://api.example.com/")]
    [InlineData("https://api.example.com/v1/", "https://api.example.com/v1/")]
    [InlineData("http://localhost:5080", "http://localhost:5080/")]
    [InlineData("HTTPS://API.EXAMPLE.COM/v1", "https://api.example.com/v1")]
    public void An_absolute_http_URL_is_the_base_URL(string url, string expected)
    {
        var listing = OpenApiDiscovery.Parse(SearchWith("/servers/0/url", $"\"{url}\"")).Listing;

        Assert.Equal(new Uri(expected), listing!.BaseUrl);
    }

    [Fact]
    public void Only_the_first_server_counts()
    {
        var document = SearchWith("/servers/1", """{ "url": "ftp://mirror.example.com" }""");

        Assert.Equal(new Uri("https://api.example.com"), OpenApiDiscovery.Parse(document).Listing!.BaseUrl);
    }

    [Theory]
    [InlineData("/v1", "https://api.example.com/v1")]
    [InlineData("v1/", "https://api.example.com/v1/")]
    [InlineData("//other.example.com/api", "https://other.example.com/api")]
    public void A_relative_server_URL_resolves_against_the_document_URL(string url, string expected)
    {
        var listing = OpenApiDiscovery.Parse(SearchWith("/servers/0/url", $"\"{url}\""), AtExample).Listing;

        Assert.Equal(new Uri(expected), listing!.BaseUrl);
    }

    [Fact]
    public void Without_servers_the_base_URL_is_the_document_URLs_origin()
    {
        var documentUrl = new DiscoveryOptions { DocumentUrl = new Uri("https://api.example.com/specs/openapi.json") };

        Assert.Equal(new Uri("https://api.example.com/"), OpenApiDiscovery.Parse(SearchWith("/servers", null), documentUrl).Listing!.BaseUrl);
        Assert.Equal(new Uri("https://api.example.com/"), OpenApiDiscovery.Parse(SearchWith("/servers", "[]"), documentUrl).Listing!.BaseUrl);
    }

    [Fact]
    public void Server_variables_take_their_defaults()
    {
        var document = SearchWith("/servers/0", """
            { "url": "https://{region}.api.example.com/{version}", "variables": { "region": { "default": "eu", "enum": ["eu", "us"] }, "version": { "default": "v2" } } }
            """);

        Assert.Equal(new Uri("https://eu.api.example.com/v2"), OpenApiDiscovery.Parse(document).Listing!.BaseUrl);
    }

    [Fact]
    public void A_relative_docs_link_resolves_against_the_document_URL_or_else_the_base_URL()
    {
        var document = SearchWith("/x-service-info", """{ "docs": { "homepage": "/docs", "llms": "llms.txt" } }""");
        document = Edit(document, "/servers/0/url", "\"https://api.example.com/v1/\"");

        var againstDocument = OpenApiDiscovery.Parse(document, AtExample).Listing!.ServiceInfo.Docs;
        var againstBase = OpenApiDiscovery.Parse(document).Listing!.ServiceInfo.Docs;

        Assert.Equal((new Uri("https://api.example.com/docs"), new Uri("https://api.example.com/llms.txt")), (againstDocument.Homepage, againstDocument.Llms));
        Assert.Equal((new Uri("https://api.example.com/docs"), new Uri("https://api.example.com/v1/llms.txt")), (againstBase.Homepage, againstBase.Llms));
    }

    [Fact]
    public void The_document_URL_itself_must_be_absolute_http()
    {
        Assert.Throws<ArgumentException>(() => OpenApiDiscovery.Parse(Search, new DiscoveryOptions { DocumentUrl = new Uri("/openapi.json", UriKind.Relative) }));
        Assert.Throws<ArgumentException>(() => OpenApiDiscovery.Parse(Search, new DiscoveryOptions { DocumentUrl = new Uri("file:///openapi.json") }));
    }

    [Fact]
    public void The_draft_puts_the_document_at_openapi_json_on_the_origin()
    {
        Assert.Equal("/openapi.json", OpenApiDiscovery.DocumentPath);
        Assert.Equal(new Uri("https://api.example.com/openapi.json"), OpenApiDiscovery.DocumentUrl(new Uri("https://api.example.com")));
        Assert.Equal(new Uri("https://api.example.com/openapi.json"), OpenApiDiscovery.DocumentUrl(new Uri("https://api.example.com/v1/search")));
    }
}
