namespace Amove.CloudAccounts.Core.Entities;

/// <summary>Amove-hosted storage tiers; <see cref="All"/> only appears in usage queries.</summary>
public enum StorageTier
{
    All = 0,
    Perform = 1,
    Global = 2,
    Scale = 4,
    Archive = 8,
}
