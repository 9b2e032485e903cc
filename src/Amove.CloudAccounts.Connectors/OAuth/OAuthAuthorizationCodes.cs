using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.Connectors.Abstractions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors.OAuth;

/// <summary>The OAuth client a deployment is registered as at one provider (<c>Connectors:&lt;Provider&gt;:ClientId/ClientSecret</c>).</summary>
public sealed record OAuthClient(string ClientId, string ClientSecret)
{
    public override string ToString() => $"OAuthClient {{ ClientId = {ClientId}, ClientSecret = *** }}";
}

/// <summary>
/// The provider side of the OAuth authorization-code flow (RFC 6749 §4.1) for every provider whose description declares an
/// <see cref="OAuthAuthorization"/>: the URL a user's browser is sent to, and the exchange of the code it brings back for
/// tokens, through the connector's own HTTP client (outbound guard, size cap, attempt timeout).
/// </summary>
public sealed class OAuthAuthorizationCodes(
    IHttpClientFactory httpClientFactory,
    IOptionsMonitor<ProviderEndpointOptions> endpoints,
    IOptions<ConnectorsOptions> settings,
    TimeProvider clock)
{
    private const int MaxReasonLength = 300;

    /// <summary>The client this deployment is registered as at <paramref name="provider"/>; null when either half is not configured.</summary>
    public OAuthClient? ClientOf(CloudProvider provider)
    {
        var configured = endpoints.Get(provider.ToString());
        return string.IsNullOrWhiteSpace(configured.ClientId) || string.IsNullOrWhiteSpace(configured.ClientSecret)
            ? null
            : new OAuthClient(configured.ClientId, configured.ClientSecret);
    }

    /// <summary>The provider's authorization URL for one connect flow (RFC 6749 §4.1.1, RFC 7636 §4.3).</summary>
    /// <param name="codeChallenge">The S256 challenge, for a provider that <see cref="OAuthAuthorization.UsesPkce"/>.</param>
    public Uri AuthorizationUrl(
        ProviderDescription description, OAuthClient client, string redirectUrl, string state, string? codeChallenge)
    {
        var authorization = AuthorizationOf(description);
        var parameters = new List<KeyValuePair<string, string?>>
        {
            new("client_id", client.ClientId),
            new("response_type", "code"),
            new("redirect_uri", redirectUrl),
        };
        if (authorization.Scope is { } scope)
        {
            parameters.Add(new("scope", scope));
        }

        parameters.AddRange(authorization.Parameters.Select(parameter => new KeyValuePair<string, string?>(parameter.Key, parameter.Value)));
        if (authorization.UsesPkce && codeChallenge is not null)
        {
            parameters.Add(new("code_challenge", codeChallenge));
            parameters.Add(new("code_challenge_method", "S256"));
        }

        parameters.Add(new("state", state));
        var endpoint = endpoints.Get(description.Provider.ToString()).AuthorizeUri(authorization.DefaultAuthorizeUrl);
        return new Uri(QueryHelpers.AddQueryString(endpoint.AbsoluteUri, parameters));
    }

    /// <summary>
    /// Exchanges an authorization code for the provider's tokens (RFC 6749 §4.1.3). Never retried: the code is single-use,
    /// so a second try could only be refused. A provider's <c>error</c> answer is <see cref="ProviderFailure.AccessDenied"/>
    /// with its description.
    /// </summary>
    public async Task<OAuthTokens> ExchangeAsync(
        ProviderDescription description,
        OAuthClient client,
        string code,
        string redirectUrl,
        string? codeVerifier,
        CancellationToken cancellationToken)
    {
        var provider = description.Provider;
        var authorization = AuthorizationOf(description);
        var timeout = settings.Value.Timeout;
        using var deadline = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = redirectUrl,
                ["client_id"] = client.ClientId,
                ["client_secret"] = client.ClientSecret,
            };
            if (authorization.UsesPkce && codeVerifier is not null)
            {
                form["code_verifier"] = codeVerifier;
            }

            var tokenUrl = endpoints.Get(provider.ToString()).TokenUri(authorization.DefaultTokenUrl);
            using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await httpClientFactory.CreateClient(authorization.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = await ReadObjectAsync(response, linked.Token);
            var error = StringOf(body, "error");
            if (!response.IsSuccessStatusCode || error is not null)
            {
                var reason = ProviderText.Clean(
                    string.Join(": ", new[] { error, StringOf(body, "error_description") }.Where(part => !string.IsNullOrEmpty(part))),
                    MaxReasonLength,
                    code,
                    client.ClientSecret);
                throw error is not null || (int)response.StatusCode is 400 or 401
                    ? new StorageProviderException(
                        ProviderFailure.AccessDenied,
                        $"{description.DisplayName} did not grant access{(reason.Length > 0 ? ": " + reason : ".")}")
                    : ProviderFailures.FromStatus(
                        provider, (int)response.StatusCode, reason, ProviderFailures.RetryAfterOf(response.Headers.RetryAfter?.ToString(), clock.GetUtcNow()));
            }

            return body is not null && OAuthTokens.TryParse(body.ToJsonString(), clock.GetUtcNow(), out var tokens)
                ? tokens
                : throw new StorageProviderException(
                    ProviderFailure.Unavailable, $"{description.DisplayName} answered the code exchange with something that could not be read.");
        }
        catch (Exception exception) when (ProviderFailures.TryTranslate(exception, provider, timeout, cancellationToken, out var failure))
        {
            throw failure;
        }
    }

    private static OAuthAuthorization AuthorizationOf(ProviderDescription description) => description.Authorization
        ?? throw new InvalidOperationException($"{description.DisplayName} has no OAuth authorization flow.");

    private static async Task<JsonObject?> ReadObjectAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return JsonNode.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken)) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
