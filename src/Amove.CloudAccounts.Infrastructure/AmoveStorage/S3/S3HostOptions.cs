namespace Amove.CloudAccounts.Infrastructure.AmoveStorage.S3;

/// <summary>
/// The <c>AmoveStorage:S3</c> section: S3-compatible servers that host Amove storage, one per region, each reached with
/// one pair of keys that every user of the region shares.
/// </summary>
public sealed class S3HostOptions
{
    public const string SectionName = "AmoveStorage:S3";

    public List<S3HostRegion> Regions { get; set; } = [];

    /// <summary>
    /// Lets the service start in the Production environment although every user of a region shares its keys (and so
    /// can reach every other user's buckets there): for a single-tenant deployment that accepts it.
    /// </summary>
    public bool AllowSharedCredentials { get; set; }

    public override string ToString() =>
        $"S3HostOptions {{ Regions = [{string.Join(", ", Regions)}], AllowSharedCredentials = {AllowSharedCredentials} }}";
}

/// <summary>One region: <c>AmoveStorage:S3:Regions:N:Code</c>, <c>:Name</c>, <c>:ServiceUrl</c>, <c>:AccessKey</c>, <c>:SecretKey</c>.</summary>
public sealed class S3HostRegion
{
    /// <summary>What add_storage's <c>regionName</c> names and idrive_regions lists as <c>code</c> (e.g. <c>OR</c>).</summary>
    public string? Code { get; set; }

    /// <summary>The display name (e.g. <c>Oregon</c>).</summary>
    public string? Name { get; set; }

    /// <summary>The server's S3 endpoint, an absolute http or https URL; a trusted outbound destination.</summary>
    public string? ServiceUrl { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    // Keys are never printed, should the options ever be logged.
    public override string ToString() => $"S3HostRegion {{ Code = {Code}, Name = {Name}, ServiceUrl = {ServiceUrl} }}";
}
