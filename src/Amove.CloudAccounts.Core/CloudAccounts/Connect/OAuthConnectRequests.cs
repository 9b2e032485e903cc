using System.Text.Json.Serialization;

namespace Amove.CloudAccounts.Core.CloudAccounts.Connect;

/// <summary>Body of <c>generate_{provider}_authorization_url</c>.</summary>
public sealed record GenerateAuthorizationUrlRequest
{
    /// <summary>Where the provider sends the user's browser back to, with the code and state; one of <c>OAuth:AllowedRedirectUrls</c>.</summary>
    [JsonPropertyName("redirectURL")]
    public string? RedirectUrl { get; init; }

    /// <summary>The name the cloud account gets once connected, at most 50 characters.</summary>
    public string? CloudName { get; init; }

    /// <summary>Whether the account is shared within the Amove account once connected.</summary>
    public bool Shared { get; init; }
}

/// <summary>Body of <c>{provider}_authorization_callback</c>: what the provider put on the redirect URL, and that URL.</summary>
public sealed record AuthorizationCallbackRequest
{
    /// <summary>The authorization code; required unless the provider answered an <c>error</c>.</summary>
    public string? Code { get; init; }

    /// <summary>The state from the generated URL, exactly as the provider returned it.</summary>
    public string? State { get; init; }

    /// <summary>The redirect URL the flow was started with.</summary>
    [JsonPropertyName("redirectURL")]
    public string? RedirectUrl { get; init; }

    /// <summary>The provider's <c>error</c> parameter, when the user or the provider refused (e.g. <c>access_denied</c>).</summary>
    public string? Error { get; init; }

    /// <summary>The provider's <c>error_description</c> parameter.</summary>
    public string? ErrorDescription { get; init; }

    // The code is a credential until it is used: it stays out of logs.
    public override string ToString() => $"AuthorizationCallbackRequest {{ RedirectUrl = {RedirectUrl}, Error = {Error} }}";
}
