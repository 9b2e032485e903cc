using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using Amove.CloudAccounts.Core.Errors;

namespace Amove.CloudAccounts.Core.CloudAccounts;

/// <summary>Turns a <c>list_objects</c> request into what the provider's addressing lists.</summary>
internal static class ListingTargets
{
    public static ListingTarget From(ListObjectsRequest request, ProviderDescription description)
    {
        var byPath = description.Addressing.HasFlag(ObjectAddressing.ByPath);
        if (!string.IsNullOrEmpty(request.Id))
        {
            return description.Addressing.HasFlag(ObjectAddressing.ById)
                ? new ListingTarget.ById(request.Id, FolderPathOf(request.Path))
                : throw AmoveException.Invalid(string.IsNullOrEmpty(request.BucketName)
                    ? $"'bucketName' is required. {description.DisplayName} is listed by bucketName and path, not by id."
                    : $"'id' is not used by {description.DisplayName}: it is listed by bucketName and path.");
        }

        if (string.IsNullOrEmpty(request.BucketName))
        {
            throw AmoveException.Invalid("'bucketName' is required.");
        }

        return byPath
            ? new ListingTarget.InBucket(request.BucketName, FolderPathOf(request.Path))
            : throw AmoveException.Invalid(
                $"'id' is required: {description.DisplayName} is listed by the ids that list_buckets and list_objects return.");
    }

    // "/photos", "photos" and "photos/" name the same folder: no leading slash, one trailing slash, "" for the root.
    private static string FolderPathOf(string? path)
    {
        var relative = (path ?? "").TrimStart('/');
        return relative.Length == 0 || relative.EndsWith('/') ? relative : relative + "/";
    }
}
