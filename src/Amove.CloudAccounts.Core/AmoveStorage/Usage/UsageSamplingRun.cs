namespace Amove.CloudAccounts.Core.AmoveStorage.Usage;

/// <summary>
/// What one run of the sampler did: whether this instance held the lease (if not, it did nothing), how many
/// subscriptions it sampled and how many failed.
/// </summary>
public sealed record UsageSamplingRun(bool HeldLease, int Sampled, int Failed)
{
    public static readonly UsageSamplingRun NotHolder = new(false, 0, 0);
}
