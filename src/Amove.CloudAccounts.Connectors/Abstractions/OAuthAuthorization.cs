namespace Amove.CloudAccounts.Connectors.Abstractions;

/// <summary>
/// How a provider's users grant access with the OAuth 2.0 authorization-code flow (RFC 6749 §4.1): where the browser is
/// sent, what is asked for so that a refresh token comes back, and where the code is exchanged. Declared once by the
/// provider's connector, in its <see cref="ProviderDescription"/>.
/// </summary>
public sealed record OAuthAuthorization
{
    /// <summary>The provider's authorization endpoint, unless <c>Connectors:&lt;Provider&gt;:AuthorizeUrl</c> names another.</summary>
    public required string DefaultAuthorizeUrl { get; init; }

    /// <summary>The provider's token endpoint, unless <c>Connectors:&lt;Provider&gt;:TokenUrl</c> names another.</summary>
    public required string DefaultTokenUrl { get; init; }

    /// <summary>The connector's named HTTP client (<see cref="Http.ConnectorHttpClients.NameOf"/>), through which the code is exchanged.</summary>
    public required string HttpClientName { get; init; }

    /// <summary>The scopes asked for, space-separated as RFC 6749 §3.3 says; null to leave them to the app's registration.</summary>
    public string? Scope { get; init; }

    /// <summary>Further authorization parameters, e.g. what makes the provider issue a refresh token.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>The provider supports PKCE with S256 (RFC 7636): a code challenge is sent, and its verifier with the code.</summary>
    public bool UsesPkce { get; init; }
}
