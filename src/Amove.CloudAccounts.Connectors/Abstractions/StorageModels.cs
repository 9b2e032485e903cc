namespace Amove.CloudAccounts.Connectors.Abstractions;

/// <summary>Decrypted credentials of one cloud account, as the connector needs them.</summary>
public sealed record StorageCredentials(
    CloudProvider Provider,
    string? AccessKey,
    string? SecretKey,
    string? CredentialsData,
    string? ServiceUrl)
{
    // Never print secrets, not even by accident through a log template or a debugger display.
    public override string ToString() => $"StorageCredentials {{ Provider = {Provider}, ServiceUrl = {ServiceUrl} }}";
}

public sealed record StorageBucket(string Id, string Name, string? Region, DateTimeOffset? CreationDate);

/// <param name="BucketName">Bucket or container name.</param>
/// <param name="ContainerId">Provider id of a bucket or folder (id-addressed providers); null for the S3 family.</param>
/// <param name="Prefix">Key prefix without a leading slash; empty for the root.</param>
/// <param name="MaxCount">1 to 1000.</param>
/// <param name="ProviderCursor">The provider's own cursor from the previous page; null for the first page.</param>
public sealed record ObjectListRequest(
    string BucketName,
    string? ContainerId,
    string Prefix,
    int MaxCount,
    string? ProviderCursor);

public enum StorageObjectType
{
    File = 1,
    Directory = 2,
}

/// <param name="Path">Full key; directories end with '/'.</param>
public sealed record StorageObject(
    string Id,
    string Name,
    string Path,
    long Size,
    DateTimeOffset? LastModifiedUtc,
    StorageObjectType Type);

/// <param name="Items">Directories first, then files.</param>
/// <param name="NextCursor">The provider's cursor for the next page; null on the last page.</param>
public sealed record StorageObjectPage(IReadOnlyList<StorageObject> Items, string? NextCursor);
