namespace Amove.CloudAccounts.Connectors;

/// <summary>Bound from the <c>Connectors</c> section.</summary>
public sealed class ConnectorsOptions
{
    public const string SectionName = "Connectors";

    /// <summary>
    /// How long one provider operation may take, retries included, 1 to 600 seconds; then it is reported as timed out.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The largest provider response body read, in bytes (default 4 MiB, enough for a 1,000-key listing page with long
    /// keys); a larger one fails the call rather than being buffered. 64 KiB to 256 MiB.
    /// </summary>
    public long MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The most buckets one <c>list_buckets</c> returns (default 10,000); an account with more is refused. 1 to 1,000,000.</summary>
    public int MaxBuckets { get; set; } = 10_000;

    /// <summary>
    /// The most provider pages one request follows (default 100), e.g. the pages of a bucket listing; a provider that
    /// keeps handing out continuation tokens is stopped there. 1 to 10,000.
    /// </summary>
    public int MaxPagesPerRequest { get; set; } = 100;

    /// <summary>
    /// How many bucket regions are looked up at once for <c>includeRegion</c> (default 64: a typical account's buckets in one
    /// round trip, as each lookup is a latency-bound request of a few hundred bytes). 1 to 256.
    /// </summary>
    public int RegionLookupConcurrency { get; set; } = 64;

    /// <summary>How often a failed idempotent provider call is retried (default 2): network failures, timeouts, 408, 429 and 5xx. 0 to 5.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay in milliseconds (default 200), doubled for each retry after it, with jitter. 1 to 10,000.</summary>
    public int RetryDelayMilliseconds { get; set; } = 200;

    /// <summary>
    /// The longest <c>Retry-After</c> waited for before retrying (default 2 seconds): a caller is waiting, so a provider that
    /// asks for longer is not retried and its <c>Retry-After</c> is passed on to the client instead. 0 to 60.
    /// </summary>
    public int MaxRetryAfterSeconds { get; set; } = 2;

    /// <summary>How long one attempt of one provider call may take (default 10 seconds), within <see cref="TimeoutSeconds"/>. 1 to 600.</summary>
    public int AttemptTimeoutSeconds { get; set; } = 10;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>The section of one provider's own settings: <c>Connectors:&lt;Provider&gt;</c>, e.g. <c>Connectors:Azure</c>.</summary>
    public static string SectionOf(CloudProvider provider) => $"{SectionName}:{provider}";

    internal IEnumerable<(bool IsValid, string Problem)> Bounds =>
    [
        (TimeoutSeconds is >= 1 and <= 600, "Connectors:TimeoutSeconds must be between 1 and 600."),
        (MaxResponseBytes is >= 64 * 1024 and <= 256 * 1024 * 1024,
            "Connectors:MaxResponseBytes must be between 65536 (64 KiB) and 268435456 (256 MiB)."),
        (MaxBuckets is >= 1 and <= 1_000_000, "Connectors:MaxBuckets must be between 1 and 1000000."),
        (MaxPagesPerRequest is >= 1 and <= 10_000, "Connectors:MaxPagesPerRequest must be between 1 and 10000."),
        (RegionLookupConcurrency is >= 1 and <= 256, "Connectors:RegionLookupConcurrency must be between 1 and 256."),
        (MaxRetries is >= 0 and <= 5, "Connectors:MaxRetries must be between 0 and 5."),
        (RetryDelayMilliseconds is >= 1 and <= 10_000, "Connectors:RetryDelayMilliseconds must be between 1 and 10000."),
        (MaxRetryAfterSeconds is >= 0 and <= 60, "Connectors:MaxRetryAfterSeconds must be between 0 and 60."),
        (AttemptTimeoutSeconds is >= 1 and <= 600, "Connectors:AttemptTimeoutSeconds must be between 1 and 600."),
    ];
}
