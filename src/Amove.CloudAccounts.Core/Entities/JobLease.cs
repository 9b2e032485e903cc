namespace Amove.CloudAccounts.Core.Entities;

/// <summary>
/// Which instance runs a periodic job (such as usage sampling) until when. Taken and renewed with a conditional
/// update, so exactly one instance of a fleet holds it at a time.
/// </summary>
public sealed class JobLease
{
    public required string Name { get; init; }

    public string? Holder { get; set; }

    public DateTime ExpiresAt { get; set; }

    /// <summary>When the job last completed a run; the next run is due one interval later.</summary>
    public DateTime? LastRunAt { get; set; }
}
