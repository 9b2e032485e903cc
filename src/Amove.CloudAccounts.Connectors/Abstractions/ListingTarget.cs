namespace Amove.CloudAccounts.Connectors.Abstractions;

/// <summary>
/// What one <c>list_objects</c> page lists, decided by the service from the provider's
/// <see cref="ProviderDescription.Addressing"/>: a connector never interprets empty strings.
/// </summary>
public abstract record ListingTarget
{
    private ListingTarget()
    {
    }

    /// <summary>A folder inside a bucket named by the user.</summary>
    /// <param name="BucketName">The bucket or container name, never empty.</param>
    /// <param name="FolderPath">"" for the bucket's root; otherwise a path without a leading '/' that ends with '/'.</param>
    public sealed record InBucket(string BucketName, string FolderPath) : ListingTarget
    {
        public bool IsRoot => FolderPath.Length == 0;
    }

    /// <summary>A bucket or folder by the id this connector returned for it earlier.</summary>
    /// <param name="FolderPath">
    /// The folder's path as the client knows it ("" for a bucket's root, otherwise ending with '/'), which the entries'
    /// paths are built on: id-addressed providers do not return paths.
    /// </param>
    public sealed record ById(string Id, string FolderPath) : ListingTarget;
}
