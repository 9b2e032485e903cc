using System.Diagnostics;
using System.Diagnostics.Metrics;
using Amove.CloudAccounts.Connectors.Abstractions;

namespace Amove.CloudAccounts.Connectors.Telemetry;

/// <summary>
/// The service's own instruments, on the one <see cref="Meter"/> named <see cref="MeterName"/>. It lives in the lowest
/// project so the connectors and the background jobs of Core record on the same meter. Tags are only ever a provider, an
/// operation, a job, an outcome: never a user, an account, a key or a token, since every tag is exported as a label.
/// </summary>
public static class AmoveMetrics
{
    public const string MeterName = "Amove.CloudAccounts";

    /// <summary>The outcome tag of a call or job that did what it was asked.</summary>
    public const string Success = "success";

    /// <summary>The outcome tag of a call or job that failed with something other than a provider failure.</summary>
    public const string Error = "error";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> ProviderCallDuration = Meter.CreateHistogram<double>(
        "amove.provider.call.duration", "s", "How long one provider operation took, every page, retry and lookup included.");

    private static readonly Counter<long> ProviderCallFailures = Meter.CreateCounter<long>(
        "amove.provider.call.failures", "{failure}", "Provider operations that failed, by failure kind.");

    private static readonly Counter<long> TokenRefreshes = Meter.CreateCounter<long>(
        "amove.oauth.token.refreshes", "{refresh}", "OAuth access-token refreshes at a provider's token endpoint, by outcome.");

    private static readonly Counter<long> JobRuns = Meter.CreateCounter<long>(
        "amove.job.runs", "{run}", "Runs of a background job, by outcome.");

    private static readonly Histogram<double> JobRunDuration = Meter.CreateHistogram<double>(
        "amove.job.run.duration", "s", "How long one run of a background job took.");

    private static readonly Histogram<double> JobLag = Meter.CreateHistogram<double>(
        "amove.job.lag", "s", "How long after it fell due a background job handled an item (an e-mail, a usage sample).");

    /// <summary>One provider operation through the connector platform, as it ended.</summary>
    public static void RecordProviderCall(CloudProvider provider, string operation, TimeSpan duration, ProviderFailure? failure)
    {
        var outcome = failure is { } kind ? Name(kind) : Success;
        var tags = new TagList { { "provider", provider.ToString() }, { "operation", operation }, { "outcome", outcome } };
        ProviderCallDuration.Record(duration.TotalSeconds, tags);
        if (failure is not null)
        {
            ProviderCallFailures.Add(1, new TagList { { "provider", provider.ToString() }, { "operation", operation }, { "failure", outcome } });
        }
    }

    /// <summary>Counts one token refresh of <paramref name="provider"/> with how <paramref name="refresh"/> ended.</summary>
    public static async Task<OAuthTokens> CountRefreshAsync(CloudProvider provider, Task<OAuthTokens> refresh)
    {
        try
        {
            var tokens = await refresh;
            TokenRefreshes.Add(1, new TagList { { "provider", provider.ToString() }, { "outcome", Success } });
            return tokens;
        }
        catch (Exception exception)
        {
            TokenRefreshes.Add(1, new TagList { { "provider", provider.ToString() }, { "outcome", OutcomeOf(exception) } });
            throw;
        }
    }

    /// <summary>One run of a background job (<paramref name="job"/> is a fixed name such as <c>email_outbox</c>).</summary>
    public static void RecordJobRun(string job, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "job", job }, { "outcome", outcome } };
        JobRuns.Add(1, tags);
        JobRunDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>An item a job handled <paramref name="lag"/> after it fell due (never negative).</summary>
    public static void RecordJobLag(string job, TimeSpan lag) =>
        JobLag.Record(Math.Max(0, lag.TotalSeconds), new TagList { { "job", job } });

    /// <summary>The outcome tag of a failed call: the provider failure kind when there is one.</summary>
    public static string OutcomeOf(Exception exception) =>
        exception is StorageProviderException providerFailure ? Name(providerFailure.Failure) : Error;

    /// <summary>A failure kind as a label value (snake case, like the other label values).</summary>
    public static string Name(ProviderFailure failure) => failure switch
    {
        ProviderFailure.AccessDenied => "access_denied",
        ProviderFailure.NotFound => "not_found",
        ProviderFailure.InvalidRequest => "invalid_request",
        ProviderFailure.Throttled => "throttled",
        ProviderFailure.Unavailable => "unavailable",
        ProviderFailure.TimedOut => "timed_out",
        ProviderFailure.Blocked => "blocked",
        ProviderFailure.Oversized => "oversized",
    };
}
