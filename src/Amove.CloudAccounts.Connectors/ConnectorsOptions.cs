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

    /// <summary>The circuit breaker each provider host has (<c>Connectors:CircuitBreaker</c>).</summary>
    public CircuitBreakerSettings CircuitBreaker { get; set; } = new();

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
        (CircuitBreaker.FailureRatio is > 0 and <= 1, "Connectors:CircuitBreaker:FailureRatio must be above 0 and at most 1."),
        (CircuitBreaker.MinimumThroughput is >= 2 and <= 10_000, "Connectors:CircuitBreaker:MinimumThroughput must be between 2 and 10000."),
        (CircuitBreaker.SamplingDurationSeconds is >= 1 and <= 3600,
            "Connectors:CircuitBreaker:SamplingDurationSeconds must be between 1 and 3600."),
        (CircuitBreaker.BreakDurationSeconds is >= 1 and <= 3600, "Connectors:CircuitBreaker:BreakDurationSeconds must be between 1 and 3600."),
    ];
}

/// <summary>
/// Bound from <c>Connectors:CircuitBreaker</c>: when calls to one provider host (scheme, host and port) keep failing, that
/// host's circuit opens and its calls are answered at once, without reaching it, until <see cref="BreakDurationSeconds"/>
/// has passed; then one trial call decides whether it closes again. Other hosts are not affected.
/// </summary>
public sealed class CircuitBreakerSettings
{
    /// <summary>Whether provider hosts have circuit breakers at all (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The share of failed attempts, within <see cref="SamplingDurationSeconds"/>, that opens a host's circuit (default 0.5).
    /// Failures are network failures, attempt timeouts, 408, 500, 502 and 504; throttling (429, 503) is one account's
    /// business on a shared host, and does not count. Above 0, at most 1.
    /// </summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>How many attempts a host must have seen within the sampling window before its circuit may open (default 10). 2 to 10,000.</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window the failure ratio is measured over, in seconds (default 30). 1 to 3600.</summary>
    public int SamplingDurationSeconds { get; set; } = 30;

    /// <summary>How long an open circuit answers without calling its host, in seconds (default 15). 1 to 3600.</summary>
    public int BreakDurationSeconds { get; set; } = 15;
}
