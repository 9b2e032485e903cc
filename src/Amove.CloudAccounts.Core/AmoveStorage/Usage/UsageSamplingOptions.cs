using System.ComponentModel.DataAnnotations;

namespace Amove.CloudAccounts.Core.AmoveStorage.Usage;

/// <summary>
/// The <c>AmoveStorage:UsageSampling</c> section: how the background sampler runs. How often each subscription is
/// sampled is <c>AmoveStorage:UsageSampleMinutes</c>.
/// </summary>
public sealed class UsageSamplingOptions : IValidatableObject
{
    public const string SectionName = "AmoveStorage:UsageSampling";

    /// <summary>Seconds between two looks for subscriptions that are due (a wake after provisioning comes sooner).</summary>
    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 30;

    /// <summary>How long the instance that samples keeps that role without renewing it; another may take over after.</summary>
    [Range(10, 24 * 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>At most this many subscriptions are sampled per run; the rest follow in the next runs.</summary>
    [Range(1, 10_000)]
    public int MaxSubscriptionsPerRun { get; set; } = 100;

    /// <summary>Samples older than this are deleted; daily usage reads the last 24 hours.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 7;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseSeconds <= PollSeconds)
        {
            yield return new ValidationResult(
                "AmoveStorage:UsageSampling:LeaseSeconds must be longer than PollSeconds, or the lease lapses between two runs of its holder.",
                [nameof(LeaseSeconds)]);
        }
    }
}
