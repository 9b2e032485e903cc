using Amove.CloudAccounts.Connectors.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Core.Email;

/// <summary>Runs <see cref="EmailOutboxDispatcher"/> every <c>Email:Outbox:PollSeconds</c> for the life of the host.</summary>
internal sealed partial class EmailOutboxWorker(
    EmailOutboxDispatcher dispatcher,
    TimeProvider clock,
    IOptions<EmailOutboxOptions> options,
    ILogger<EmailOutboxWorker> logger) : BackgroundService
{
    /// <summary>This job's name in metrics.</summary>
    public const string JobName = "email_outbox";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!dispatcher.CanSend)
        {
            LogDisabled();
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PollSeconds), clock);
        try
        {
            do
            {
                var started = clock.GetTimestamp();
                try
                {
                    await dispatcher.RunOnceAsync(stoppingToken);
                    AmoveMetrics.RecordJobRun(JobName, AmoveMetrics.Success, clock.GetElapsedTime(started));
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database may be away for a while; the next tick tries again.
                    AmoveMetrics.RecordJobRun(JobName, AmoveMetrics.Error, clock.GetElapsedTime(started));
                    LogRunFailed(exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail delivery is not configured (Email:Smtp:Host is empty): queued e-mails stay in the outbox until it is")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Error, Message = "An e-mail outbox run failed; the next one follows as scheduled")]
    private partial void LogRunFailed(Exception exception);
}
