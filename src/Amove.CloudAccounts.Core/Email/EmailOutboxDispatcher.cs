using System.Linq.Expressions;
using Amove.CloudAccounts.Connectors.Telemetry;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Core.Email;

/// <summary>
/// Sends what the outbox holds. Each run claims a batch of due e-mails with a conditional update (only rows nobody
/// holds a live claim on), so instances sharing the database never send the same claimed e-mail twice; a sent e-mail
/// is deleted, a failed one rescheduled with exponential back-off. <see cref="EmailOutboxWorker"/> runs it in a loop.
/// </summary>
public sealed partial class EmailOutboxDispatcher(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<EmailOutboxOptions> options,
    ILogger<EmailOutboxDispatcher> logger,
    IEmailSender? sender = null)
{
    /// <summary>Longest failure text kept in the outbox (the column holds 1000).</summary>
    private const int MaxErrorLength = 500;

    /// <summary>
    /// Bookkeeping after a send (removing the row, releasing claims) is not cancelled with the run, since the server
    /// has the message; it is bounded instead, so a database that is away cannot hold a stopping host.
    /// </summary>
    private static readonly TimeSpan BookkeepingTimeout = TimeSpan.FromSeconds(15);

    /// <summary>This dispatcher's name in <see cref="OutboxEmail.ClaimedBy"/> (followed by a per-run suffix).</summary>
    public string InstanceId { get; } = InstanceIds.New();

    /// <summary>False when no sender is configured (no <c>Email:Smtp:Host</c>): e-mails then stay queued.</summary>
    public bool CanSend => sender is not null;

    public async Task<EmailOutboxRun> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (sender is null)
        {
            return EmailOutboxRun.Nothing;
        }

        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();

        // A claim names this run, not just this instance, so two overlapping runs never share rows.
        var claim = $"{InstanceId}/{Guid.NewGuid():N}";
        var now = Now();
        var claimedUntil = now.AddSeconds(settings.ClaimSeconds);
        var candidates = await db.OutboxEmails.AsNoTracking()
            .Where(Due(now))
            .OrderBy(e => e.NextAttemptAt)
            .Select(e => e.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return EmailOutboxRun.Nothing;
        }

        // The condition is evaluated again against each row as it is updated: when two instances race for a row,
        // the second finds it claimed and leaves it.
        var claimed = await db.OutboxEmails
            .Where(e => candidates.Contains(e.Id))
            .Where(Due(now))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimedBy, claim).SetProperty(e => e.ClaimedUntil, claimedUntil), cancellationToken);
        if (claimed == 0)
        {
            return EmailOutboxRun.Nothing;
        }

        var emails = await db.OutboxEmails.AsNoTracking()
            .Where(e => e.ClaimedBy == claim)
            .OrderBy(e => e.NextAttemptAt)
            .ToListAsync(cancellationToken);

        // A message is only started while at least half the claim remains, so it ends before another instance may
        // take the row over.
        var startBefore = claimedUntil - TimeSpan.FromSeconds(settings.ClaimSeconds / 2.0);
        int sent = 0, failed = 0;
        try
        {
            foreach (var email in emails)
            {
                if (Now() >= startBefore)
                {
                    break;
                }

                if (await TrySendAsync(db, email, claim, cancellationToken))
                {
                    sent++;
                }
                else
                {
                    failed++;
                }
            }
        }
        finally
        {
            if (sent + failed < emails.Count)
            {
                // Unsent rows go back at once instead of waiting out the claim.
                using var bookkeeping = new CancellationTokenSource(BookkeepingTimeout);
                await db.OutboxEmails
                    .Where(e => e.ClaimedBy == claim)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimedBy, (string?)null).SetProperty(e => e.ClaimedUntil, (DateTime?)null), bookkeeping.Token);
            }
        }

        return new EmailOutboxRun(emails.Count, sent, failed);
    }

    private async Task<bool> TrySendAsync(CloudAccountsDbContext db, OutboxEmail email, string claim, CancellationToken cancellationToken)
    {
        try
        {
            await sender!.SendAsync(new EmailMessage(email.Recipient, email.Subject, email.Body), cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            await RescheduleAsync(db, email, claim, exception);
            return false;
        }

        AmoveMetrics.RecordJobLag(EmailOutboxWorker.JobName, Now() - email.NextAttemptAt);

        try
        {
            // Not cancelled with the run: the server has the message, so the row must go even if the host is stopping.
            using var bookkeeping = new CancellationTokenSource(BookkeepingTimeout);
            await db.OutboxEmails.Where(e => e.Id == email.Id && e.ClaimedBy == claim).ExecuteDeleteAsync(bookkeeping.Token);
        }
        catch (Exception exception)
        {
            // The e-mail is out but its row stays claimed: once the claim expires it is sent again (at least once).
            LogSentButNotRemoved(exception, email.Id, email.Attempts + 1);
            return true;
        }

        LogSent(email.Id, email.Attempts + 1);
        return true;
    }

    private async Task RescheduleAsync(CloudAccountsDbContext db, OutboxEmail email, string claim, Exception exception)
    {
        var attempts = email.Attempts + 1;
        var next = Now() + Backoff(attempts);
        var reason = exception is EmailDeliveryException ? exception.Message : exception.GetType().Name;
        if (reason.Length > MaxErrorLength)
        {
            reason = reason[..MaxErrorLength];
        }

        LogNotSent(email.Id, attempts, reason, next);
        using var bookkeeping = new CancellationTokenSource(BookkeepingTimeout);
        await db.OutboxEmails
            .Where(e => e.Id == email.Id && e.ClaimedBy == claim)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Attempts, attempts)
                .SetProperty(e => e.NextAttemptAt, next)
                .SetProperty(e => e.LastError, reason)
                .SetProperty(e => e.ClaimedBy, (string?)null)
                .SetProperty(e => e.ClaimedUntil, (DateTime?)null), bookkeeping.Token);
    }

    /// <summary>RetryBaseSeconds × 2^(attempts − 1), at most RetryMaxMinutes.</summary>
    internal TimeSpan Backoff(int attempts)
    {
        var settings = options.Value;
        var seconds = settings.RetryBaseSeconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, settings.RetryMaxMinutes * 60.0));
    }

    private static Expression<Func<OutboxEmail, bool>> Due(DateTime now) =>
        e => e.NextAttemptAt <= now && (e.ClaimedUntil == null || e.ClaimedUntil <= now);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail {OutboxId} sent (attempt {Attempt})")]
    private partial void LogSent(Guid outboxId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {OutboxId} not sent (attempt {Attempt}): {Reason}; next attempt at {NextAttemptAt:o}")]
    private partial void LogNotSent(Guid outboxId, int attempt, string reason, DateTime nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "E-mail {OutboxId} was sent (attempt {Attempt}) but its outbox row could not be removed; it will be sent again once its claim expires")]
    private partial void LogSentButNotRemoved(Exception exception, Guid outboxId, int attempt);
}
