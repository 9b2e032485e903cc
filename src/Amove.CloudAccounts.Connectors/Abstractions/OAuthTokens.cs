using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amove.CloudAccounts.Connectors.Abstractions;

/// <summary>
/// An OAuth provider's token response, as stored in a cloud account's <c>credentialsData</c>: <c>access_token</c>
/// (required), <c>refresh_token</c>, <c>token_type</c>, <c>scope</c>, and <c>expires_at</c> (ISO-8601 UTC) or
/// <c>expires_in</c> (seconds from when the tokens were stored). Fields the provider added are kept in
/// <see cref="Document"/>, so saving the tokens back loses nothing.
/// </summary>
public sealed class OAuthTokens
{
    private OAuthTokens(JsonObject document, string accessToken, DateTimeOffset? expiresAt)
    {
        Document = document;
        AccessToken = accessToken;
        ExpiresAt = expiresAt;
    }

    public string AccessToken { get; }

    public string? RefreshToken => StringOf("refresh_token");

    public string? TokenType => StringOf("token_type");

    public string? Scope => StringOf("scope");

    /// <summary>When the access token expires, if the provider said.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The whole token response, provider fields included.</summary>
    public JsonObject Document { get; }

    /// <summary>
    /// Reads a stored token response; false when it is not a JSON object with a non-empty string <c>access_token</c>.
    /// </summary>
    /// <param name="storedAt">When the tokens were stored: what <c>expires_in</c> counts from.</param>
    public static bool TryParse(string? json, DateTimeOffset storedAt, [NotNullWhen(true)] out OAuthTokens? tokens)
    {
        tokens = null;
        if (string.IsNullOrEmpty(json))
        {
            return false;
        }

        try
        {
            if (JsonNode.Parse(json) is not JsonObject document
                || document["access_token"] is not JsonValue value
                || !value.TryGetValue(out string? accessToken)
                || accessToken.Length == 0)
            {
                return false;
            }

            tokens = new OAuthTokens(document, accessToken, ExpiryOf(document, storedAt));
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or escaped text that is not valid UTF-16 ("\ud800"): no provider issued that.
            return false;
        }
    }

    /// <summary>
    /// The tokens as they are stored: the whole response, with the expiry as an absolute <c>expires_at</c> rather than an
    /// <c>expires_in</c> that would mean something else once time has passed.
    /// </summary>
    public string ToJson()
    {
        var stored = (JsonObject)Document.DeepClone();
        stored.Remove("expires_in");
        if (ExpiresAt is { } expiresAt)
        {
            stored["expires_at"] = expiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        return stored.ToJsonString();
    }

    /// <summary>
    /// These tokens renewed by a refresh response received at <paramref name="receivedAt"/>: its fields replace these ones,
    /// and a refresh token it does not carry (Dropbox and Google keep theirs) is kept.
    /// </summary>
    /// <returns>False when the response carries no access token.</returns>
    public bool TryRenew(JsonObject response, DateTimeOffset receivedAt, [NotNullWhen(true)] out OAuthTokens? renewed)
    {
        var document = (JsonObject)Document.DeepClone();
        document.Remove("expires_in");
        document.Remove("expires_at");
        foreach (var (name, value) in response)
        {
            document[name] = value?.DeepClone();
        }

        if (document["refresh_token"] is null && RefreshToken is { } refreshToken)
        {
            document["refresh_token"] = refreshToken;
        }

        return TryParse(document.ToJsonString(), receivedAt, out renewed);
    }

    /// <summary>True once the access token has expired, or will within <paramref name="margin"/>; false when its expiry is unknown.</summary>
    public bool ExpiresWithin(TimeSpan margin, DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt - margin <= now;

    /// <summary>The same access and refresh tokens (another renewal has not replaced them).</summary>
    public bool IsSameAs(OAuthTokens other) => AccessToken == other.AccessToken && RefreshToken == other.RefreshToken;

    public override string ToString() => "OAuthTokens { *** }";

    private static DateTimeOffset? ExpiryOf(JsonObject document, DateTimeOffset storedAt)
    {
        if (document["expires_at"] is JsonValue at && at.TryGetValue(out string? text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiresAt))
        {
            return expiresAt;
        }

        // Some providers send expires_in as a string; anything absurd is treated as unknown rather than overflowing.
        if (document["expires_in"] is JsonValue @in
            && (@in.TryGetValue(out long seconds)
                || (@in.TryGetValue(out string? secondsText) && long.TryParse(secondsText, CultureInfo.InvariantCulture, out seconds)))
            && seconds is >= 0 and <= 10L * 365 * 24 * 3600)
        {
            return storedAt.AddSeconds(seconds);
        }

        return null;
    }

    private string? StringOf(string name) => Document[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
