using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

public static class HttpAssertions
{
    /// <summary>
    /// Asserts Amove's 499: status, <c>error-code</c> header, and a body whose <c>type</c> is the code,
    /// <c>status</c> 499 and <c>errors</c> a single key equal to the code. Returns the messages.
    /// </summary>
    public static async Task<string[]> ShouldBeAmoveErrorAsync(this HttpResponseMessage response, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 499, $"Expected 499 {code} but got {(int)response.StatusCode}: {body}");
        Assert.Equal(code, Assert.Single(response.Headers.GetValues("error-code")));
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());

        var json = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(code, (string?)json["type"]);
        Assert.Equal(499, (int?)json["status"]);
        var errors = json["errors"]!.AsObject();
        var (key, messages) = Assert.Single(errors);
        Assert.Equal(code, key);
        var texts = messages!.AsArray().Select(m => (string)m!).ToArray();
        Assert.NotEmpty(texts);
        return texts;
    }

    /// <summary>Asserts a 499 whose messages include one containing <paramref name="fragment"/>.</summary>
    public static async Task ShouldBeAmoveErrorAsync(this HttpResponseMessage response, string code, string fragment)
    {
        var messages = await response.ShouldBeAmoveErrorAsync(code);
        Assert.True(
            messages.Any(m => m.Contains(fragment, StringComparison.OrdinalIgnoreCase)),
            $"No message contains '{fragment}': {string.Join(" | ", messages)}");
    }

    public static async Task ShouldBeUnauthorizedWithoutBodyAsync(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    public static async Task<JsonObject> ShouldBeOkJsonObjectAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 but got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<JsonNode> ShouldBeOkJsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 but got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>Asserts a 200 whose body is empty (the seed's "200 OK with no body").</summary>
    public static async Task ShouldBeOkWithoutBodyAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 but got {(int)response.StatusCode}: {body}");
        Assert.Empty(body);
    }

    /// <summary>The property names of a JSON object, in order, to pin response shapes exactly.</summary>
    public static string[] PropertyNames(this JsonNode node) => node.AsObject().Select(p => p.Key).ToArray();

    public static Task<HttpResponseMessage> PostJsonAsync(
        this HttpClient client, string url, object body, CancellationToken cancellationToken = default) =>
        client.PostAsJsonAsync(url, body, JsonSerializerOptions.Web, cancellationToken);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, JsonSerializerOptions.Web);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body, string contentType = "application/json") =>
        client.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, contentType));
}
