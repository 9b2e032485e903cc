using System.ComponentModel.DataAnnotations;

namespace Amove.CloudAccounts.Core.Email;

/// <summary>The <c>Email:Outbox</c> section: how often queued e-mails are looked for, and how failures are retried.</summary>
public sealed class EmailOutboxOptions
{
    public const string SectionName = "Email:Outbox";

    /// <summary>Seconds between two looks for due e-mails.</summary>
    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 5;

    /// <summary>At most this many e-mails are claimed and sent per run.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 20;

    /// <summary>
    /// How long an instance's claim on the e-mails it is sending holds. A batch stops sending once less than half
    /// of it remains, so keep <c>Email:Smtp:TimeoutSeconds</c> below half of this.
    /// </summary>
    [Range(10, 24 * 3600)]
    public int ClaimSeconds { get; set; } = 300;

    /// <summary>The wait after the first failed attempt; it doubles with every further failure.</summary>
    [Range(1, 24 * 3600)]
    public int RetryBaseSeconds { get; set; } = 30;

    /// <summary>The longest wait between two attempts.</summary>
    [Range(1, 7 * 24 * 60)]
    public int RetryMaxMinutes { get; set; } = 60;
}
