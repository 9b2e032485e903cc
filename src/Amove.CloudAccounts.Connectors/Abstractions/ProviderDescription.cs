namespace Amove.CloudAccounts.Connectors.Abstractions;

/// <summary>Which credential fields of a cloud account a provider reads.</summary>
public enum CredentialKind
{
    /// <summary><c>accessKey</c> and <c>secretKey</c> (an access key pair, an account name and key, a user and password).</summary>
    KeyPair = 1,

    /// <summary><c>credentialsData</c>: the provider's OAuth token response as JSON.</summary>
    OAuthToken = 2,
}

/// <summary>What a cloud account's <c>serviceUrl</c> means for a provider.</summary>
public enum ServiceUrlRule
{
    /// <summary>The account may name one; otherwise the provider's default (or the configured one) is used.</summary>
    Optional = 1,

    /// <summary>The provider has no default endpoint: the account must name it.</summary>
    Required = 2,

    /// <summary>The provider has fixed API hosts (configurable by the operator, not per account); a URL sent is refused.</summary>
    Fixed = 3,
}

/// <summary>How <c>list_objects</c> may address what it lists.</summary>
[Flags]
public enum ObjectAddressing
{
    /// <summary>A bucket by its name and a folder by its path inside it.</summary>
    ByPath = 1,

    /// <summary>A bucket or folder by the <c>id</c> the connector returned for it.</summary>
    ById = 2,
}

/// <summary>
/// Everything the rest of the service needs to know about one provider, declared once by its connector: the insert
/// validator checks credentials and service URLs with it, the service builds listing targets with it, and the docs are
/// checked against it. Nothing else may switch on the provider.
/// </summary>
public sealed record ProviderDescription
{
    public required CloudProvider Provider { get; init; }

    /// <summary>The provider's own name, as users know it ("Azure Blob Storage").</summary>
    public required string DisplayName { get; init; }

    public required CredentialKind Credentials { get; init; }

    /// <summary>What <c>accessKey</c> holds for this provider, for messages and docs ("storage account name").</summary>
    public string? AccessKeyMeaning { get; init; }

    /// <summary>What <c>secretKey</c> holds for this provider ("account key").</summary>
    public string? SecretKeyMeaning { get; init; }

    public required ServiceUrlRule ServiceUrl { get; init; }

    /// <summary>Where the provider is reached when the account names no service URL, in words for the docs.</summary>
    public string? DefaultEndpoint { get; init; }

    public required ObjectAddressing Addressing { get; init; }

    /// <summary>Buckets live in regions the provider can report (<c>list_buckets</c> with <c>includeRegion</c>).</summary>
    public bool HasRegions { get; init; }

    /// <summary>
    /// False for a provider that is only recorded: no connection is made on insert, and listing is refused with
    /// <see cref="NotBrowsableReason"/>.
    /// </summary>
    public bool IsBrowsable { get; init; } = true;

    /// <summary>How a user connects an account through the provider's OAuth authorization-code flow; null when they cannot.</summary>
    public OAuthAuthorization? Authorization { get; init; }

    /// <summary>Why listing is refused when <see cref="IsBrowsable"/> is false.</summary>
    public string NotBrowsableReason => $"Listing is not supported for {DisplayName}.";

    /// <summary>
    /// A drive reached with the user's OAuth tokens: fixed API hosts, folders addressed by the ids the connector returns,
    /// no regions. What the five OAuth connectors have in common.
    /// </summary>
    public static ProviderDescription OAuthDrive(CloudProvider provider, string displayName, OAuthAuthorization authorization) => new()
    {
        Provider = provider,
        DisplayName = displayName,
        Credentials = CredentialKind.OAuthToken,
        ServiceUrl = ServiceUrlRule.Fixed,
        Addressing = ObjectAddressing.ById,
        Authorization = authorization,
    };

    public override string ToString() => $"{(int)Provider} {Provider} ({DisplayName})";
}
