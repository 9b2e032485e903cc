using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.Errors;

/// <summary>Whatever a client sends, the answer is a well-formed 499: never a 500, never a 400.</summary>
[Collection(ApiCollection.Name)]
public sealed class GarbageInputTests(CloudAccountsApiFactory api)
{
    private static readonly string[] BodyEndpoints =
    [
        "POST " + CloudAccountApi.Insert,
        "PUT " + CloudAccountApi.ManageShare,
        "POST " + CloudAccountApi.ListBuckets,
        "POST " + CloudAccountApi.ListObjects,
    ];

    private static readonly string[] GarbageBodies =
    [
        "null",
        "[]",
        "\"a string\"",
        "12345",
        "true",
        "{}",
        "{\"id\":null,\"cloudAccountId\":null,\"cloudType\":null,\"count\":null,\"shared\":null}",
        "{\"cloudAccountId\":12,\"id\":[],\"count\":1e400,\"cloudType\":-1}",
        "{\"cloudAccountId\":\"00000000-0000-0000-0000-000000000000\",\"count\":99999999999999999999}",
        "{\"name\":{\"nested\":{\"deeper\":[1,2,{\"x\":null}]}}}",
        "{\"cloudType\":8,\"name\":\"\\u0000\\uD800\",\"accessKey\":\"a\",\"secretKey\":\"s\",\"serviceUrl\":\"http://[::1\"}",
        "{\"cloudType\":8,\"name\":\"x\",\"accessKey\":\"a\",\"secretKey\":\"s\",\"serviceUrl\":\"http://user:pass@s3.example.com\"}",
        new string('[', 5000) + new string(']', 5000),
        "{\"a\":" + new string('"', 3),
        "\u00ff\u00fe garbage \u0001",
    ];

    public static TheoryData<string, string> BodyCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var endpoint in BodyEndpoints)
        {
            foreach (var body in GarbageBodies)
            {
                cases.Add(endpoint, body);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(BodyCases))]
    public async Task A_garbage_body_is_a_well_formed_499(string endpoint, string body)
    {
        var tenant = new TestTenant();
        using var client = api.CreateClientFor(tenant.Owner);
        var (method, url) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        });

        await ShouldBeBadInputOrNotFoundAsync(response);
        Assert.Equal(0L, await api.CountCloudAccountsAsync(tenant.AccountId));
    }

    public static TheoryData<string> QueryCases => new()
    {
        "/get_all?page=1e9",
        "/get_all?pageSize=%00",
        "/get_all?sortField=Name;DROP%20TABLE%20cloud_accounts",
        "/get_all?page=99999999999999999999",
        "/get_all?descending=1",
        "/delete?id=%7B00000000-0000-0000-0000-000000000000",
        "/delete?id=' OR 1=1 --",
        "/delete?id=" + new string('9', 5000),
        "/delete?id=00000000-0000-0000-0000-000000000000&id=11111111-1111-1111-1111-111111111111",
    };

    [Theory]
    [MemberData(nameof(QueryCases))]
    public async Task A_garbage_query_string_is_a_well_formed_499(string action)
    {
        var tenant = new TestTenant();
        using var client = api.CreateClientFor(tenant.Owner);
        var method = action.StartsWith("/delete", StringComparison.Ordinal) ? HttpMethod.Delete : HttpMethod.Get;

        var response = await client.SendAsync(new HttpRequestMessage(method, CloudAccountApi.Prefix + action));

        await ShouldBeBadInputOrNotFoundAsync(response);
    }

    public static TheoryData<string, string, string?, string?, string> BindingFailures => new()
    {
        { "POST", CloudAccountApi.Insert, "{\"name\":", "application/json", "The request body is not valid JSON." },
        { "POST", CloudAccountApi.Insert, "{\"name\":\"x\"} trailing", "application/json", "The request body is not valid JSON." },
        { "POST", CloudAccountApi.Insert, "[1]", "application/json", "The request body is not valid JSON for this action: a JSON object is expected." },
        { "POST", CloudAccountApi.Insert, "null", "application/json", "The request body is required." },
        { "POST", CloudAccountApi.Insert, "", "application/json", "The request body is required." },
        { "POST", CloudAccountApi.Insert, "{}", "text/plain", "The request body must be JSON (Content-Type: application/json)." },
        { "POST", CloudAccountApi.Insert, "{}", "application/json; charset=", "The Content-Type header is not valid." },
        { "POST", CloudAccountApi.Insert, "{}", "application/json; charset=utf-32", "The request body's charset 'utf-32' is not supported: send UTF-8." },
        { "POST", CloudAccountApi.ListObjects, "{\"count\":\"ten\"}", "application/json", "'count' has an invalid value." },
        { "POST", CloudAccountApi.ListObjects, "{\"count\":99999999999}", "application/json", "'count' has an invalid value." },
        { "POST", CloudAccountApi.ListObjects, "{\"cloudAccountId\":\"\\ud800\"}", "application/json", "'cloudAccountId' has an invalid value." },
        { "PUT", CloudAccountApi.ManageShare, "{\"shared\":{\"a\":1}}", "application/json", "'shared' has an invalid value." },
        { "DELETE", CloudAccountApi.Prefix + "/delete", null, null, "'id' is required." },
        { "DELETE", CloudAccountApi.Prefix + "/delete?id=abc", null, null, "'id' has an invalid value." },
        { "DELETE", CloudAccountApi.Prefix + "/delete?id=", null, null, "'id' has an invalid value." },
        { "GET", CloudAccountApi.GetAll + "?page=abc", null, null, "'page' has an invalid value." },
        { "GET", CloudAccountApi.GetAll + "?query.pageSize=1e3", null, null, "'pageSize' has an invalid value." },
    };

    // The service's own words, whatever the framework's messages (English, and version-dependent) say.
    [Theory]
    [MemberData(nameof(BindingFailures))]
    public async Task A_request_that_cannot_be_bound_gets_exactly_one_message_naming_the_problem(
        string method, string url, string? body, string? contentType, string expected)
    {
        using var client = api.CreateClientFor(new TestTenant().Owner);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var response = await client.SendAsync(request);

        Assert.Equal([expected], await response.ShouldBeAmoveErrorAsync("DEFAULT"));
    }

    // Garbage is DEFAULT; garbage that still parses as a request for an object that does not exist is Global.
    private static async Task ShouldBeBadInputOrNotFoundAsync(HttpResponseMessage response)
    {
        var code = response.Headers.TryGetValues("error-code", out var values) ? values.Single() : "(none)";
        Assert.Contains(code, new[] { "DEFAULT", "Global" });
        await response.ShouldBeAmoveErrorAsync(code);
    }
}
