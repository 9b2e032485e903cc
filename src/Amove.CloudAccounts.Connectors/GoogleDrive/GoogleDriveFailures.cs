using System.Text.Json;
using Amove.CloudAccounts.Connectors.Abstractions;

namespace Amove.CloudAccounts.Connectors.GoogleDrive;

/// <summary>
/// Reads Drive's error answers (<c>{"error":{"code","message","errors":[{"reason"}]}}</c>) into the shared
/// <see cref="ProviderFailures.FromStatus"/> translation, with one Drive rule on top: a 403 whose reason is a rate limit is
/// throttling, as a 429 is, not a refusal of access.
/// </summary>
internal static class GoogleDriveFailures
{
    // Provider messages are untrusted text passed on to clients: keep them to a sentence.
    private const int MaxReasonLength = 300;

    // Drive answers too many requests with 403 and these reasons as often as with 429. The 403 is not retried by the HTTP
    // pipeline (no 403 is), so the client is told to try again later rather than that access was denied.
    private static readonly HashSet<string> RateLimitReasons = new(StringComparer.Ordinal)
    {
        "rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded",
    };

    public static async Task<StorageProviderException> FailureAsync(
        HttpResponseMessage response, OAuthTokens tokens, TimeProvider clock, CancellationToken cancellationToken)
    {
        DriveError? error = null;
        try
        {
            error = (await JsonSerializer.DeserializeAsync<DriveErrorAnswer>(
                await response.Content.ReadAsStreamAsync(cancellationToken), GoogleDriveJson.Options, cancellationToken))?.Error;
        }
        catch (JsonException)
        {
            // Not JSON, or not Drive's error shape (a proxy's HTML page): the status says enough.
        }

        var reasonCode = error?.Errors?.FirstOrDefault(item => !string.IsNullOrEmpty(item.Reason))?.Reason;
        var message = error?.Message ?? error?.Errors?.FirstOrDefault()?.Message;
        var reason = string.IsNullOrEmpty(reasonCode) ? message : string.IsNullOrEmpty(message) ? reasonCode : $"{reasonCode}: {message}";

        var status = (int)response.StatusCode;
        if (status == 403 && reasonCode is not null && RateLimitReasons.Contains(reasonCode))
        {
            status = 429;
        }

        return ProviderFailures.FromStatus(
            CloudProvider.GoogleDrive,
            status,
            ProviderText.Clean(reason, MaxReasonLength, tokens.AccessToken, tokens.RefreshToken),
            ProviderFailures.RetryAfterOf(response.Headers.RetryAfter?.ToString(), clock.GetUtcNow()));
    }
}
