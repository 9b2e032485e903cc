using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.Controllers.Desktop;

/// <summary>The desktop controller's connect-flow routes and requests.</summary>
public static class DesktopApi
{
    public const string Prefix = "/api/v1/desktop";

    /// <summary>The one redirect URL the tests' deployment allows.</summary>
    public const string RedirectUrl = "https://app.amove.test/oauth/callback";

    public static string Generate(string provider) => $"{Prefix}/generate_{provider}_authorization_url";

    public static string Callback(string provider) => $"{Prefix}/{provider}_authorization_callback";

    /// <summary>Asks for the authorization URL and returns it; the answer must be a 200 with a JSON string.</summary>
    public static async Task<string> GenerateUrlAsync(this HttpClient client, string provider, string cloudName = "Connected", bool shared = false)
    {
        var answer = await (await client.PostJsonAsync(Generate(provider), new { redirectURL = RedirectUrl, cloudName, shared })).ShouldBeOkJsonAsync();
        return answer.GetValue<string>();
    }

    public static Task<HttpResponseMessage> CallbackAsync(
        this HttpClient client, string provider, string? code, string? state, string? redirectUrl = RedirectUrl, string? error = null, string? errorDescription = null) =>
        client.PostJsonAsync(Callback(provider), new { code, state, redirectURL = redirectUrl, error, errorDescription });

    public static Dictionary<string, string> QueryOf(string url) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(url).Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    public static async Task<JsonObject> ShouldBeCloudAccountAsync(this HttpResponseMessage response) => await response.ShouldBeOkJsonObjectAsync();
}
