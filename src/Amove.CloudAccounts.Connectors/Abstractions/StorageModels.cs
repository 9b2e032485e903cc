namespace Amove.CloudAccounts.Connectors.Abstractions;

/// <param name="WithRegions">
/// Look up each bucket's region; only ever true for providers whose <see cref="ProviderDescription.HasRegions"/> is.
/// </param>
public sealed record BucketListRequest(bool WithRegions = false);

/// <param name="Id">The id to list the bucket by; empty for providers addressed by name.</param>
public sealed record StorageBucket(string Id, string Name, string? Region, DateTimeOffset? CreationDate);

/// <param name="Target">The folder to list.</param>
/// <param name="MaxCount">1 to 1000.</param>
/// <param name="ProviderCursor">The provider's own cursor from the previous page; null for the first page.</param>
public sealed record ObjectListRequest(ListingTarget Target, int MaxCount, string? ProviderCursor)
{
    public bool IsFirstPage => ProviderCursor is null;
}

public enum StorageObjectType
{
    File = 1,
    Directory = 2,
}

/// <param name="Id">The id to list a directory by; empty for providers addressed by path.</param>
/// <param name="Path">Full path inside the bucket; directories end with '/'.</param>
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
