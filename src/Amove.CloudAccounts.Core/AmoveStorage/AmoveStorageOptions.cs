using System.ComponentModel.DataAnnotations;

namespace Amove.CloudAccounts.Core.AmoveStorage;

/// <summary>The <c>AmoveStorage</c> section: which backend hosts Amove storage, and how often its usage is sampled.</summary>
public sealed class AmoveStorageOptions
{
    public const string SectionName = "AmoveStorage";

    public AmoveStorageHostKind Host { get; set; } = AmoveStorageHostKind.IDriveE2;

    /// <summary>The region used when add_storage names none.</summary>
    [Required]
    public string DefaultRegion { get; set; } = "OR";

    /// <summary>Minutes between two usage samples of every subscription.</summary>
    [Range(1, 24 * 60)]
    public int UsageSampleMinutes { get; set; } = 60;
}

public enum AmoveStorageHostKind
{
    /// <summary>The IDrive e2 reseller API: one e2 user per Amove user and tier, an access key per region.</summary>
    IDriveE2,

    /// <summary>S3-compatible servers configured per region, whose keys every user shares (development, self-hosting).</summary>
    S3,
}
