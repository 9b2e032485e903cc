using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Core.Validation;

namespace Amove.CloudAccounts.Core.CloudAccounts.Contracts;

/// <summary>Body of <c>insert</c>. Server-owned fields a client may send (id, accountId, userId, internalStorage, active, storageTier) are not bound.</summary>
public sealed record InsertCloudAccountRequest
{
    /// <summary>Integer value of the CloudProvider enum.</summary>
    public CloudProvider CloudType { get; init; }

    /// <summary>Caller-supplied label, at most 50 characters.</summary>
    public string? Name { get; init; }

    public string? AccessKey { get; init; }

    public string? SecretKey { get; init; }

    /// <summary>JSON-encoded OAuth token response, for Frame, Dropbox, Box, OneDrive and Google Drive.</summary>
    public string? CredentialsData { get; init; }

    /// <summary>Absolute http(s) URL; required for S3 Generic, Cloudflare and Fastr Server.</summary>
    public string? ServiceUrl { get; init; }

    public bool Shared { get; init; }

    // Secrets stay out of logs even when a whole request object is logged.
    public override string ToString() => $"InsertCloudAccountRequest {{ CloudType = {CloudType}, Name = {Name}, ServiceUrl = {ServiceUrl}, Shared = {Shared} }}";
}

/// <summary>Body of <c>manage_share</c>.</summary>
public sealed record ManageShareRequest
{
    public Guid Id { get; init; }

    public bool? Shared { get; init; }
}

/// <summary>Body of <c>list_buckets</c>.</summary>
public sealed record ListBucketsRequest
{
    public Guid CloudAccountId { get; init; }

    /// <summary>When false, regions are not fetched (one provider call less per bucket).</summary>
    public bool IncludeRegion { get; init; } = true;
}

/// <summary>Body of <c>list_objects</c>.</summary>
public sealed record ListObjectsRequest
{
    public const int DefaultCount = 1000;
    public const int MaxCount = 1000;

    public Guid CloudAccountId { get; init; }

    /// <summary>Provider-specific bucket or folder id (id-addressed providers); empty for the S3 family.</summary>
    public string? Id { get; init; }

    public string? BucketName { get; init; }

    /// <summary>Key prefix to list under; "/" or empty is the root.</summary>
    public string? Path { get; init; } = "/";

    /// <summary>Token from the previous page; empty for the first page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>1 or more; values above 1000 are served as 1000.</summary>
    public int Count { get; init; } = DefaultCount;
}

/// <summary>Query parameters of <c>get_all</c>; all optional (unpaged, sorted by name).</summary>
public sealed record GetAllQuery : IPagedQuery
{
    /// <summary>1-based page, at most 1,000,000; 0 or absent with pageSize 0 means unpaged. A page past the data is empty.</summary>
    public int Page { get; init; }

    /// <summary>0 or absent means unpaged.</summary>
    public int PageSize { get; init; }

    /// <summary>Name (default), CreateDate or CloudType.</summary>
    public string? SortField { get; init; }

    public bool Descending { get; init; }
}
