using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Amove.CloudAccounts.Api.Tests.Email;

/// <summary>The API as it runs outside Production without <c>Email:Smtp:Host</c>, its log kept.</summary>
public sealed class NoSmtpApiFactory : CloudAccountsApiFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(Logs));
    }
}

public sealed class EmailDisabledTests(NoSmtpApiFactory api) : IClassFixture<NoSmtpApiFactory>
{
    [Fact]
    public async Task Without_an_SMTP_host_e_mails_stay_queued_and_the_service_says_so_once()
    {
        var message = OutboxTestExtensions.UniqueMessage();
        var id = Assert.Single(await api.EnqueueAsync(message));

        var dispatcher = api.Services.GetRequiredService<EmailOutboxDispatcher>();
        Assert.False(dispatcher.CanSend);
        Assert.Equal(EmailOutboxRun.Nothing, await dispatcher.RunOnceAsync(CancellationToken.None));

        Assert.Equal(0, await api.ScalarAsync<int>("SELECT attempts FROM email_outbox WHERE id = $1", id));
        Assert.Single(api.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("E-mail delivery is not configured", StringComparison.Ordinal));
    }
}
