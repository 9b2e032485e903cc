using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Connectors.Dropbox;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Amove.CloudAccounts.Api.Tests.Controllers.Desktop;

/// <summary>The <c>OAuth</c> and <c>Connectors:&lt;Provider&gt;</c> settings of the connect flows, as an operator meets them.</summary>
[Collection(ApiCollection.Name)]
public sealed class ConnectFlowConfigurationTests(CloudAccountsApiFactory api, FakeDropboxServer server) : IClassFixture<FakeDropboxServer>
{
    private readonly TestTenant _tenant = new();

    private WebApplicationFactory<Program> Configured(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null) =>
        api.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in server.Fake.Settings.Concat(settings))
            {
                builder.UseSetting(key, value);
            }

            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        });

    [Theory]
    [InlineData("OAuth:StateLifetimeMinutes", "21", "OAuth:StateLifetimeMinutes must be between 1 and 20.")]
    [InlineData("OAuth:StateLifetimeMinutes", "0", "OAuth:StateLifetimeMinutes must be between 1 and 20.")]
    [InlineData("OAuth:AllowedRedirectUrls:0", "app.amove.test/callback", "OAuth:AllowedRedirectUrls entry 'app.amove.test/callback'")]
    [InlineData("OAuth:AllowedRedirectUrls:0", "https://app.amove.test/callback#done", "without user information or fragment")]
    [InlineData("Connectors:Dropbox:AuthorizeUrl", "ftp://www.dropbox.com/oauth2/authorize", "AuthorizeUrl must be empty or absolute http or https URLs")]
    public void The_API_refuses_to_start_with_a_connect_setting_it_cannot_use(string key, string value, string problem)
    {
        using var misconfigured = Configured(new Dictionary<string, string?> { [key] = value });

        var refusal = Assert.Throws<OptionsValidationException>(() => misconfigured.Server);

        Assert.Contains(problem, refusal.Message);
    }

    [Fact]
    public async Task Without_allowed_redirect_urls_no_flow_can_start()
    {
        using var app = Configured(new Dictionary<string, string?>());
        using var client = app.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(DesktopApi.Generate("dropbox"), new { redirectURL = DesktopApi.RedirectUrl, cloudName = "My Dropbox" });

        await response.ShouldBeAmoveErrorAsync("SECURITY", "redirectURL");
    }

    [Fact]
    public async Task A_shorter_configured_state_lifetime_is_the_one_applied()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = Configured(
            new Dictionary<string, string?> { ["OAuth:AllowedRedirectUrls:0"] = DesktopApi.RedirectUrl, ["OAuth:StateLifetimeMinutes"] = "5" },
            services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
            });
        using var client = app.CreateClientFor(_tenant.Owner);
        var user = server.Fake.CreateUser(["a.txt"]);
        var redirect = await server.Fake.Authorization.ApproveAsync(await client.GenerateUrlAsync("dropbox"), () => server.Fake.Grant(user));

        clock.Advance(TimeSpan.FromMinutes(5));
        var response = await client.CallbackAsync("dropbox", redirect.Code, redirect.State);

        await response.ShouldBeAmoveErrorAsync("SECURITY", "expired");
    }

    [Fact]
    public async Task Neither_the_code_the_state_the_tokens_nor_the_client_secret_appear_in_any_log_line()
    {
        var logs = new CapturingLoggerProvider();
        using var app = Configured(new Dictionary<string, string?> { ["OAuth:AllowedRedirectUrls:0"] = DesktopApi.RedirectUrl })
            .WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFilter(_ => true).AddProvider(logs)));
        using var client = app.CreateClientFor(_tenant.Owner);
        var user = server.Fake.CreateUser(["a.txt"]);
        JsonObject? granted = null;
        var redirect = await server.Fake.Authorization.ApproveAsync(await client.GenerateUrlAsync("dropbox"), () => granted = server.Fake.Grant(user));
        await (await client.CallbackAsync("dropbox", redirect.Code, redirect.State)).ShouldBeOkJsonObjectAsync();
        await (await client.CallbackAsync("dropbox", redirect.Code, redirect.State)).ShouldBeAmoveErrorAsync("SECURITY");

        Assert.Contains(logs.Lines, line => line.Contains("/api/v1/desktop/dropbox_authorization_callback"));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(redirect.Code!));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(redirect.State!));
        Assert.DoesNotContain(logs.Lines, line => line.Contains((string)granted!["access_token"]!));
        Assert.DoesNotContain(logs.Lines, line => line.Contains((string)granted!["refresh_token"]!));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(FakeDropbox.ClientSecret));
    }
}
