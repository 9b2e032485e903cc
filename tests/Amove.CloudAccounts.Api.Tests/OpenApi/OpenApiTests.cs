using System.Net;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Amove.CloudAccounts.Api.Tests.OpenApi;

[Collection(ApiCollection.Name)]
public sealed class OpenApiTests(CloudAccountsApiFactory api)
{
    private const string Document = "/swagger/v1/swagger.json";
    private const string UserInterface = "/swagger/index.html";

    [Fact]
    public async Task The_swagger_document_describes_every_endpoint_the_499_body_and_bearer_auth()
    {
        using var enabled = WithOpenApi("true");
        using var client = enabled.CreateClientWithToken(null);

        var document = JsonNode.Parse(await client.GetStringAsync(Document))!;

        var paths = document["paths"]!.AsObject();
        Assert.Equal(
            new[]
            {
                "/api/v1/apitoken/delete", "/api/v1/apitoken/get_all", "/api/v1/apitoken/insert",
                "/api/v1/cloudaccount/delete", "/api/v1/cloudaccount/get_all", "/api/v1/cloudaccount/get_amove_storage",
                "/api/v1/cloudaccount/idrive_add_storage", "/api/v1/cloudaccount/idrive_create_bucket",
                "/api/v1/cloudaccount/idrive_delete_bucket", "/api/v1/cloudaccount/idrive_delete_storage",
                "/api/v1/cloudaccount/idrive_get_daily_usage", "/api/v1/cloudaccount/idrive_regions",
                "/api/v1/cloudaccount/insert", "/api/v1/cloudaccount/list_buckets", "/api/v1/cloudaccount/list_objects",
                "/api/v1/cloudaccount/manage_share",
                "/api/v1/desktop/box_authorization_callback", "/api/v1/desktop/dropbox_authorization_callback",
                "/api/v1/desktop/frame_authorization_callback", "/api/v1/desktop/generate_box_authorization_url",
                "/api/v1/desktop/generate_dropbox_authorization_url", "/api/v1/desktop/generate_frame_authorization_url",
                "/api/v1/desktop/generate_googledrive_authorization_url", "/api/v1/desktop/generate_onedrive_authorization_url",
                "/api/v1/desktop/googledrive_authorization_callback", "/api/v1/desktop/onedrive_authorization_callback",
            },
            paths.Select(p => p.Key).Order());
        foreach (var (_, operations) in paths)
        {
            foreach (var (_, operation) in operations!.AsObject())
            {
                var responses = operation!["responses"]!.AsObject();
                Assert.True(responses.ContainsKey("200"));
                Assert.True(responses.ContainsKey("401"));
                Assert.True(responses.ContainsKey("499"));
            }
        }

        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal("http", (string?)scheme["type"]);
        Assert.Equal("bearer", (string?)scheme["scheme"]);
        Assert.NotNull(document["components"]!["schemas"]!["InsertCloudAccountRequest"]);
    }

    [Fact]
    public async Task Swagger_UI_is_served_when_enabled()
    {
        using var enabled = WithOpenApi("true");
        using var client = enabled.CreateClientWithToken(null);

        var html = await client.GetStringAsync(UserInterface);

        Assert.Contains("swagger-ui", html);
    }

    [Fact]
    public async Task Outside_Development_neither_the_document_nor_the_UI_is_served_unless_enabled()
    {
        using var client = api.CreateClientWithToken(null);

        var document = await client.GetAsync(Document);
        var html = await client.GetAsync(UserInterface);

        Assert.Equal(HttpStatusCode.NotFound, document.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, html.StatusCode);
    }

    [Fact]
    public async Task In_Development_the_document_is_served_without_configuration()
    {
        using var development = api.WithWebHostBuilder(b => b.UseEnvironment("Development"));
        using var client = development.CreateClientWithToken(null);

        var response = await client.GetAsync(Document);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paths"]);
    }

    [Fact]
    public async Task In_Development_the_document_can_be_switched_off()
    {
        using var development = api.WithWebHostBuilder(b => b.UseEnvironment("Development").UseSetting("OpenApi:Enabled", "false"));
        using var client = development.CreateClientWithToken(null);

        var response = await client.GetAsync(Document);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void A_malformed_switch_stops_the_start()
    {
        using var malformed = WithOpenApi("sometimes");

        Assert.ThrowsAny<InvalidOperationException>(() => malformed.Server);
    }

    private WebApplicationFactory<Program> WithOpenApi(string enabled) =>
        api.WithWebHostBuilder(b => b.UseSetting("OpenApi:Enabled", enabled));
}
