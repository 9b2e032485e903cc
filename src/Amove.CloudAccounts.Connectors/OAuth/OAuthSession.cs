using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Telemetry;

namespace Amove.CloudAccounts.Connectors.OAuth;

/// <summary>Where and as whom one OAuth provider's tokens are refreshed.</summary>
/// <param name="HttpClientName">The connector's named client (<see cref="Http.ConnectorHttpClients.NameOf"/>).</param>
public sealed record OAuthEndpoint(CloudProvider Provider, string HttpClientName, Uri TokenUrl, string? ClientId, string? ClientSecret)
{
    /// <summary>The endpoint of <typeparamref name="TConnector"/>'s provider, as its <c>Connectors:&lt;Provider&gt;</c> section configures it.</summary>
    public static OAuthEndpoint Of<TConnector>(CloudProvider provider, ProviderEndpointOptions settings, string defaultTokenUrl) =>
        new(provider, Http.ConnectorHttpClients.NameOf(typeof(TConnector)), settings.TokenUri(defaultTokenUrl), settings.ClientId, settings.ClientSecret);
}

/// <summary>
/// Sends an OAuth provider's API calls with a valid access token, for every OAuth connector: a token past its expiry (or
/// within a minute of it) is renewed first, and a call answered 401 is sent once more after one renewal. Renewals go
/// through the account's <see cref="IOAuthTokenKeeper"/>, which makes them one at a time and stores their result before
/// it is used.
/// </summary>
public sealed class OAuthSession(IHttpClientFactory httpClientFactory, TimeProvider clock)
{
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromMinutes(1);

    /// <summary>Sends the request <paramref name="build"/> makes for an access token; the caller reads and disposes the answer.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        OAuthEndpoint endpoint,
        StorageCredentials credentials,
        Func<string, HttpRequestMessage> build,
        CancellationToken cancellationToken)
    {
        var tokens = credentials.RequiredTokens;
        var keeper = credentials.TokenKeeper ?? new InMemoryOAuthTokenKeeper(tokens);
        var renewed = false;
        if (tokens.ExpiresWithin(ExpiryMargin, clock.GetUtcNow()))
        {
            tokens = await RenewAsync(endpoint, keeper, tokens, cancellationToken);
            renewed = true;
        }

        var client = httpClientFactory.CreateClient(endpoint.HttpClientName);
        var response = await client.SendAsync(build(tokens.AccessToken), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || renewed || tokens.RefreshToken is null)
        {
            return response;
        }

        // The provider may end a token before the expiry it announced (revoked, rotated elsewhere): renew once, retry once.
        response.Dispose();
        tokens = await RenewAsync(endpoint, keeper, tokens, cancellationToken);
        return await client.SendAsync(build(tokens.AccessToken), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private Task<OAuthTokens> RenewAsync(OAuthEndpoint endpoint, IOAuthTokenKeeper keeper, OAuthTokens stale, CancellationToken cancellationToken) =>
        keeper.RenewAsync(
            stale, (current, token) => AmoveMetrics.CountRefreshAsync(endpoint.Provider, RefreshAsync(endpoint, current, token)), cancellationToken);

    /// <summary>
    /// One refresh at the provider's token endpoint (RFC 6749 §6). Never retried: a refresh that reached the provider may
    /// have rotated the refresh token already.
    /// </summary>
    public async Task<OAuthTokens> RefreshAsync(OAuthEndpoint endpoint, OAuthTokens current, CancellationToken cancellationToken)
    {
        var provider = endpoint.Provider;
        var refreshToken = current.RefreshToken ?? throw new StorageProviderException(
            ProviderFailure.AccessDenied, $"The {provider} access token has expired and no refresh token was stored: reconnect the account.");

        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken };
        if (!string.IsNullOrEmpty(endpoint.ClientId))
        {
            form["client_id"] = endpoint.ClientId;
        }

        if (!string.IsNullOrEmpty(endpoint.ClientSecret))
        {
            form["client_secret"] = endpoint.ClientSecret;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.TokenUrl) { Content = new FormUrlEncodedContent(form) };
        using var response = await httpClientFactory.CreateClient(endpoint.HttpClientName)
            .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await ReadObjectAsync(response, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = StringOf(body, "error");
            var reason = string.Join(": ", new[] { error, StringOf(body, "error_description") }.Where(part => !string.IsNullOrEmpty(part)));
            throw error == "invalid_grant"
                ? new StorageProviderException(
                    ProviderFailure.AccessDenied,
                    $"{provider} no longer accepts this account's refresh token ({reason}): reconnect the account.")
                : ProviderFailures.FromStatus(
                    provider, (int)response.StatusCode, reason, ProviderFailures.RetryAfterOf(response.Headers.RetryAfter?.ToString(), clock.GetUtcNow()));
        }

        return body is not null && current.TryRenew(body, clock.GetUtcNow(), out var renewed)
            ? renewed
            : throw new StorageProviderException(ProviderFailure.Unavailable, $"{provider} answered a token refresh with something that could not be read.");
    }

    private static async Task<JsonObject?> ReadObjectAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonNode.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
