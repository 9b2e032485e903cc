namespace Amove.CloudAccounts.Core.AmoveStorage;

/// <summary>How regions are named in requests and records.</summary>
public static class RegionKeys
{
    /// <summary>The longest region key or code: the length of <c>hosted_storages.region_code</c>.</summary>
    public const int MaxLength = 16;

    /// <summary>The region <paramref name="name"/> stands for, by its key (<c>OR</c>) or its code (<c>us-or</c>), in any case.</summary>
    public static HostRegion? Find(IEnumerable<HostRegion> regions, string name) =>
        regions.FirstOrDefault(r => string.Equals(r.Key, name, StringComparison.OrdinalIgnoreCase))
        ?? regions.FirstOrDefault(r => string.Equals(r.Code, name, StringComparison.OrdinalIgnoreCase));
}
