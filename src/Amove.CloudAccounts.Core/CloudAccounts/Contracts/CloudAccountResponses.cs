using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Core.Entities;

namespace Amove.CloudAccounts.Core.CloudAccounts.Contracts;

/// <summary>A cloud account as clients see it: credentials are always masked.</summary>
public sealed record CloudAccountResponse(
    Guid Id,
    Guid AccountId,
    Guid UserId,
    CloudProvider CloudType,
    string Name,
    string? AccessKey,
    string? SecretKey,
    string? CredentialsData,
    string? ServiceUrl,
    bool Active,
    bool Shared,
    bool InternalStorage,
    StorageTier StorageTier);

public sealed record SortDescriptor(string Field, bool Descending);

public sealed record QueryOptions(int PageSize, int Page, IReadOnlyList<SortDescriptor> Sort);

/// <summary>Amove's <c>DTOCollection&lt;T&gt;</c>: one page and the total before paging.</summary>
public sealed record DtoCollection<T>(IReadOnlyList<T> Data, int Total, QueryOptions Options);

/// <param name="CreationDate">UTC; serialized with a Z suffix.</param>
public sealed record CloudBucket(string Id, string Name, string? Region, DateTime? CreationDate);

/// <summary>Amove's <c>ICloudStorageCollection</c> (list_buckets).</summary>
public sealed record CloudStorageCollection(IReadOnlyList<CloudBucket> Data, string? ContinuationToken);

public sealed record CloudObject(
    string Id,
    string Name,
    string Path,
    long Size,
    DateTime? LastModifiedUtc,
    CloudObjectType Type);

/// <summary>Object type in listings, as in Amove's Click API.</summary>
public enum CloudObjectType
{
    File = 1,
    Directory = 2,
}

/// <summary>Amove's <c>ICloudStorageObjectCollection</c> (list_objects).</summary>
public sealed record CloudStorageObjectCollection(
    IReadOnlyList<CloudObject> Data,
    string? ContinuationToken,
    string? BucketName,
    string Path);
