using System.Diagnostics;
using Amove.CloudAccounts.Connectors.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Core.AmoveStorage.Usage;

/// <summary>
/// Runs <see cref="UsageSampler"/> whenever <see cref="UsageSamplingSignal"/> is woken (right after provisioning) and
/// at least every <c>AmoveStorage:UsageSampling:PollSeconds</c>, for the life of the host.
/// </summary>
internal sealed partial class UsageSamplingWorker(
    UsageSampler sampler,
    UsageSamplingSignal signal,
    IOptions<UsageSamplingOptions> options,
    ILogger<UsageSamplingWorker> logger) : BackgroundService
{
    /// <summary>A lease release on shutdown waits at most this long: a database that is away must not hold the host.</summary>
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>This job's name in metrics.</summary>
    public const string JobName = "usage_sampling";

    /// <summary>The outcome of a run on an instance that does not hold the lease (another one samples).</summary>
    private const string NotHolder = "not_holder";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Wait first: a starting instance does not add to the load of a fleet restart, and what was provisioned
                // meanwhile wakes it anyway.
                await signal.WaitAsync(poll, stoppingToken);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var run = await sampler.RunOnceAsync(stoppingToken);
                    AmoveMetrics.RecordJobRun(JobName, run.HeldLease ? AmoveMetrics.Success : NotHolder, Stopwatch.GetElapsedTime(started));
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database may be away for a while; the next run tries again.
                    AmoveMetrics.RecordJobRun(JobName, AmoveMetrics.Error, Stopwatch.GetElapsedTime(started));
                    LogRunFailed(exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReleaseTimeout);
        try
        {
            // Hand the role over now rather than when the lease runs out.
            await sampler.ReleaseLeaseAsync(timeout.Token);
        }
        catch (Exception exception)
        {
            LogReleaseFailed(exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A usage sampling run failed; the next one follows as scheduled")]
    private partial void LogRunFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The usage-sampling lease could not be released ({Reason}); another instance takes it over once it expires")]
    private partial void LogReleaseFailed(string reason);
}
