using Amove.CloudAccounts.Api.Tests.Email;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Hosting;

/// <summary>The API with its e-mail outbox worker delivering to maildev every second, and its metrics served.</summary>
public sealed class MeteredEmailWorkerApiFactory : CloudAccountsApiFactory
{
    public MeteredEmailWorkerApiFactory()
    {
        EmailWorkerApiFactory.UseMaildev(Settings);
        Settings["Email:Outbox:PollSeconds"] = "1";
        Settings["Telemetry:Metrics:Enabled"] = "true";
    }
}

/// <summary>Background jobs as the operator's scrape shows them: runs by outcome, and how late an item was handled.</summary>
public sealed class BackgroundJobMetricsTests(MeteredEmailWorkerApiFactory api) : IClassFixture<MeteredEmailWorkerApiFactory>
{
    [Fact]
    public async Task E_mail_outbox_runs_and_the_lag_of_a_delivered_e_mail_are_reported()
    {
        var message = OutboxTestExtensions.UniqueMessage("Metrics");
        Assert.Single(await api.EnqueueAsync(message));
        await Maildev.WaitForAsync(m => m.Subject == message.Subject);
        using var scraper = api.CreateClient();

        string scrape = "";
        await Poll.UntilAsync(
            async () =>
            {
                scrape = await TelemetryTests.ScrapeAsync(scraper);
                return Count(scrape, "amove_job_lag_seconds_count") >= 1;
            },
            "the delivered e-mail's lag to be reported");

        Assert.True(Count(scrape, "amove_job_runs_total", ("outcome", "success")) >= 1, "No successful outbox run was counted.");
        Assert.True(Count(scrape, "amove_job_run_duration_seconds_count") >= 1, "No outbox run duration was recorded.");
        Assert.DoesNotContain(message.Recipient, scrape, StringComparison.OrdinalIgnoreCase);
    }

    private static double Count(string scrape, string name, params (string Label, string Value)[] labels) =>
        TelemetryTests.Series(scrape, name)
            .Where(series => series.Labels.GetValueOrDefault("job") == "email_outbox"
                && labels.All(label => series.Labels.GetValueOrDefault(label.Label) == label.Value))
            .Sum(series => series.Value);
}
