using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.Controllers.Desktop;

/// <summary>The connect endpoints as Swagger shows them to a client developer.</summary>
[Collection(ApiCollection.Name)]
public sealed class DesktopOpenApiTests(CloudAccountsApiFactory api)
{
    [Fact]
    public async Task Swagger_documents_the_request_fields_as_the_API_reads_them_and_the_url_as_a_string()
    {
        using var enabled = api.WithWebHostBuilder(b => b.UseSetting("OpenApi:Enabled", "true"));
        using var client = enabled.CreateClientWithToken(null);

        var document = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!;

        var schemas = document["components"]!["schemas"]!;
        Assert.Equal(
            ["cloudName", "redirectURL", "shared"],
            schemas["GenerateAuthorizationUrlRequest"]!["properties"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal(
            ["code", "error", "errorDescription", "redirectURL", "state"],
            schemas["AuthorizationCallbackRequest"]!["properties"]!.AsObject().Select(p => p.Key).Order());
        var generated = document["paths"]!["/api/v1/desktop/generate_dropbox_authorization_url"]!["post"]!["responses"]!["200"]!;
        Assert.Equal("string", (string?)generated["content"]!["application/json"]!["schema"]!["type"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)document["paths"]!["/api/v1/desktop/box_authorization_callback"]!["post"]!["summary"]));
    }
}
