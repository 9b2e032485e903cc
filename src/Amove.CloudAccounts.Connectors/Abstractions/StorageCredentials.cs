namespace Amove.CloudAccounts.Connectors.Abstractions;

/// <summary>
/// The decrypted credentials of one cloud account, already in the shape its provider's
/// <see cref="ProviderDescription.Credentials"/> declares: a key pair or parsed OAuth tokens, never a raw string.
/// </summary>
/// <param name="ServiceUrl">The account's own endpoint, or null for the provider's default.</param>
/// <param name="TokenKeeper">Where renewed OAuth tokens are kept; with <see cref="Tokens"/> only.</param>
public sealed record StorageCredentials(
    CloudProvider Provider, Uri? ServiceUrl, KeyPair? Keys = null, OAuthTokens? Tokens = null, IOAuthTokenKeeper? TokenKeeper = null)
{
    /// <summary>The key pair, which a key-pair connector is only ever handed with one.</summary>
    public KeyPair RequiredKeys => Keys ?? throw new StorageProviderException(
        ProviderFailure.InvalidRequest, $"{Provider} needs an access key and a secret key.");

    /// <summary>The OAuth tokens, which an OAuth connector is only ever handed with.</summary>
    public OAuthTokens RequiredTokens => Tokens ?? throw new StorageProviderException(
        ProviderFailure.InvalidRequest, $"{Provider} needs OAuth tokens in credentialsData.");

    // Never print secrets, not even by accident through a log template or a debugger display.
    public override string ToString() => $"StorageCredentials {{ Provider = {Provider}, ServiceUrl = {ServiceUrl} }}";
}

/// <summary>An access key and its secret (or an account name and key, a user name and password).</summary>
public sealed record KeyPair(string AccessKey, string SecretKey)
{
    public override string ToString() => "KeyPair { *** }";
}
