using System.Data.Common;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Data.Postgres;
using Amove.CloudAccounts.Core.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Amove.CloudAccounts.Api.Tests.Email;

/// <summary>The API with its SMTP sender pointed at the local maildev and its outbox worker looking every second.</summary>
public sealed class EmailWorkerApiFactory : CloudAccountsApiFactory
{
    public const string From = "Amove Storage <storage@amove.test>";

    public EmailWorkerApiFactory()
    {
        UseMaildev(Settings);
        Settings["Email:Outbox:PollSeconds"] = "1";
    }

    public static void UseMaildev(Dictionary<string, string?> settings)
    {
        settings["Email:From"] = From;
        settings["Email:Smtp:Host"] = TestEnvironment.MaildevSmtpHost;
        settings["Email:Smtp:Port"] = TestEnvironment.MaildevSmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Email:Smtp:UseTls"] = "false";
        settings["Email:Smtp:TimeoutSeconds"] = "10";
    }
}

/// <summary>
/// The API with its SMTP sender pointed at maildev, no background workers, its log kept and a clock the test moves:
/// tests run <see cref="EmailOutboxDispatcher"/> themselves. Batches of five, so two dispatchers share a queue of
/// twenty over several runs.
/// </summary>
public sealed class EmailDispatcherApiFactory : CloudAccountsApiFactory
{
    public EmailDispatcherApiFactory()
    {
        EmailWorkerApiFactory.UseMaildev(Settings);
        Settings["Email:Outbox:BatchSize"] = "5";
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Fails the next removal of an outbox row when armed, as a database gone at the wrong moment would.</summary>
    public OutboxDeleteFailure DeleteFailure { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveBackgroundWork();
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ILoggerProvider>(Logs);
            services.ConfigureDbContext<PostgresCloudAccountsDbContext>(db => db.AddInterceptors(DeleteFailure));
        });
    }
}

public sealed class OutboxDeleteFailure : DbCommandInterceptor
{
    private int _armed;

    public void ArmOnce() => Interlocked.Exchange(ref _armed, 1);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains("DELETE FROM email_outbox", StringComparison.Ordinal) && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            throw new InvalidOperationException("The database went away.");
        }

        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}

/// <summary>Queues e-mails as the service does: through <see cref="EmailOutbox"/> and the caller's SaveChanges.</summary>
public static class OutboxTestExtensions
{
    public static async Task<Guid[]> EnqueueAsync(this WebApplicationFactory<Program> api, params EmailMessage[] messages)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<EmailOutbox>();
        foreach (var message in messages)
        {
            outbox.Enqueue(message);
        }

        var ids = db.OutboxEmails.Local.Select(e => e.Id).ToArray();
        await db.SaveChangesAsync();
        return ids;
    }

    /// <summary>A message of its own: unique recipient and subject, and a body with a secret in it.</summary>
    public static EmailMessage UniqueMessage(string label = "Your Amove storage")
    {
        var id = Guid.NewGuid().ToString("N");
        return new EmailMessage(
            $"user-{id}@amove.test",
            $"{label} {id}",
            $"Access key: AK{id[..8]}\nSecret key: secret-{id}\nEndpoint: https://s3.example.test\n");
    }

    /// <summary>The body as maildev shows a plain-text part: same lines, no trailing line break.</summary>
    public static string Normalized(this string text) => text.Replace("\r\n", "\n").TrimEnd('\n');
}
