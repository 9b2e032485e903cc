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
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await sampler.RunOnceAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database may be away for a while; the next run tries again.
                    LogRunFailed(exception);
                }

                await signal.WaitAsync(poll, stoppingToken);
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
        try
        {
            // Hand the role over now rather than when the lease runs out.
            await sampler.ReleaseLeaseAsync(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogReleaseFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A usage sampling run failed; the next one follows as scheduled")]
    private partial void LogRunFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The usage-sampling lease could not be released; another instance takes it over once it expires")]
    private partial void LogReleaseFailed(Exception exception);
}
