using System.Net;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Errors;

/// <summary>Amove answers 200, 401, 499 or 500 on this controller: never 400, 403, 404, 405 or 415.</summary>
[Collection(ApiCollection.Name)]
public sealed class ErrorModelTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    [Theory]
    [InlineData("GET", "/api/v1/cloudaccount/no_such_action")]
    [InlineData("POST", "/api/v1/cloudaccount/get_all")]
    [InlineData("GET", "/api/v1/cloudaccount/insert")]
    [InlineData("DELETE", "/api/v1/cloudaccount/manage_share")]
    [InlineData("GET", "/api/v1/cloudaccount/delete?id=3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("PUT", "/api/cloudaccount/list_objects")]
    [InlineData("GET", "/api/v1/apitoken/no_such_action")]
    [InlineData("POST", "/api/v1/apitoken/get_all")]
    [InlineData("GET", "/api/v1/apitoken/delete?id=3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("GET", "/api/v2/anything")]
    public async Task An_unknown_action_or_a_wrong_method_is_a_499_DEFAULT(string method, string url)
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "is not an action of this API");
    }

    [Fact]
    public async Task An_unknown_action_still_requires_a_token()
    {
        using var client = api.CreateClientWithToken(null);

        var response = await client.GetAsync("/api/v1/cloudaccount/no_such_action");

        await response.ShouldBeUnauthorizedWithoutBodyAsync();
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_499_DEFAULT_not_a_413()
    {
        // Body limits are enforced by Kestrel, so this runs on a real socket rather than the test server.
        var port = LoopbackHttpServer.UnusedPort();
        using var kestrel = api.WithWebHostBuilder(_ => { });
        kestrel.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        kestrel.StartServer();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(_tenant.Owner));
        var huge = $$"""{"cloudType":8,"name":"x","accessKey":"a","secretKey":"{{new string('s', 2 * 1024 * 1024)}}"}""";

        var response = await client.PostRawAsync(CloudAccountApi.Insert, huge);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "too large");
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task The_error_body_is_exactly_type_status_and_errors()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.DeleteAsync(CloudAccountApi.Delete(Guid.NewGuid()));

        await response.ShouldBeAmoveErrorAsync("Global");
        Assert.Equal(
            """{"type":"Global","status":499,"errors":{"Global":["Object not found."]}}""",
            await response.Content.ReadAsStringAsync());
    }
}
