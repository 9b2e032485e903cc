using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Amove.CloudAccounts.Api.Tests.Hosting;

/// <summary>What an operator's Prometheus reads at <c>/metrics</c>, scraped through the real pipeline after real requests.</summary>
[Collection(ApiCollection.Name)]
public sealed partial class TelemetryTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    private WebApplicationFactory<Program> WithMetrics(params (string Key, string Value)[] settings) =>
        api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Telemetry:Metrics:Enabled", "true");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

    [Fact]
    public async Task The_scrape_reports_request_duration_by_route_and_status_and_database_command_duration()
    {
        using var metered = WithMetrics();
        using var owner = metered.CreateClientFor(_tenant.Owner);
        using var anonymous = metered.CreateClient();

        await (await owner.GetAsync(CloudAccountApi.GetAll)).ShouldBeOkJsonObjectAsync();
        await (await anonymous.GetAsync(CloudAccountApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();

        // The server records a request's duration once its response has gone out, so a scrape sent right after the
        // answer can come first.
        using var scraper = metered.CreateClient();
        var scrape = "";
        await Poll.UntilAsync(
            async () =>
            {
                scrape = await ScrapeAsync(scraper);
                return HasGetAllDuration(scrape, "200") && HasGetAllDuration(scrape, "401");
            },
            "get_all's 200 and 401 in the request-duration series");

        Assert.Contains(Series(scrape), series => series.Name.StartsWith("db_client_", StringComparison.Ordinal) && series.Name.Contains("duration_seconds_count", StringComparison.Ordinal));

        static bool HasGetAllDuration(string scrape, string status) => LabelsOf(scrape, "http_server_request_duration_seconds_count").Any(labels =>
            labels.GetValueOrDefault("http_route") == "api/v1/cloudaccount/get_all" && labels.GetValueOrDefault("http_response_status_code") == status);
    }

    [Fact]
    public async Task A_failing_provider_call_is_counted_by_provider_operation_and_failure_kind()
    {
        await using var provider = LoopbackHttpServer.AnsweringS3Error(401, "Unauthorized", "InvalidToken", "The provided token is malformed.");
        using var metered = WithMetrics(("Outbound:AllowedHosts:2", provider.HostAndPort));
        using var owner = metered.CreateClientFor(_tenant.Owner);
        using var scraper = metered.CreateClient();
        var before = FailuresOf(await ScrapeAsync(scraper));

        var answer = await owner.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = 8,
            name = "Refusing provider",
            accessKey = "AKIAEXAMPLE",
            secretKey = "secret",
            serviceUrl = provider.Url,
        });

        await answer.ShouldBeAmoveErrorAsync("ACCESS");
        var scrape = await ScrapeAsync(scraper);
        Assert.True(FailuresOf(scrape) >= before + 1, $"failures before {before}, after {FailuresOf(scrape)}");
        Assert.Contains(LabelsOf(scrape, "amove_provider_call_duration_seconds_count"), labels =>
            labels.GetValueOrDefault("provider") == "S3Generic" && labels.GetValueOrDefault("outcome") == "access_denied");

        static double FailuresOf(string scrape) => Series(scrape, "amove_provider_call_failures_total")
            .Where(series => series.Labels.GetValueOrDefault("provider") == "S3Generic"
                && series.Labels.GetValueOrDefault("operation") == "validate_credentials"
                && series.Labels.GetValueOrDefault("failure") == "access_denied")
            .Sum(series => series.Value);
    }

    [Fact]
    public async Task A_successful_provider_call_is_measured_by_provider_and_operation()
    {
        using var metered = WithMetrics();
        using var owner = metered.CreateClientFor(_tenant.Owner);

        await (await owner.PostJsonAsync(CloudAccountApi.Insert, CloudAccountApi.S3GenericAccount())).ShouldBeOkJsonObjectAsync();
        var scrape = await ScrapeAsync(metered.CreateClient());

        Assert.Contains(LabelsOf(scrape, "amove_provider_call_duration_seconds_count"), labels =>
            labels.GetValueOrDefault("provider") == "S3Generic"
            && labels.GetValueOrDefault("operation") == "validate_credentials"
            && labels.GetValueOrDefault("outcome") == "success");
    }

    [Fact]
    public async Task No_token_key_secret_user_or_account_appears_in_the_scrape()
    {
        const string secretKey = "s3cr3t-never-exported-7f3a";
        const string accessKey = "E2NEVEREXPORTED7F3A00";
        await using var provider = LoopbackHttpServer.AnsweringS3Error(403, "Forbidden", "SignatureDoesNotMatch", "The signature does not match.");
        using var metered = WithMetrics(("Outbound:AllowedHosts:2", provider.HostAndPort));
        var token = TestTokens.For(_tenant.Owner);
        using var owner = metered.CreateClientFor(_tenant.Owner);

        await (await owner.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = 8,
            name = "Secret-bearing account",
            accessKey,
            secretKey,
            serviceUrl = provider.Url,
        })).ShouldBeAmoveErrorAsync("ACCESS");
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        await (await owner.ListBucketsAsync(id)).ShouldBeOkJsonAsync();
        var scrape = await ScrapeAsync(metered.CreateClient());

        var database = new NpgsqlConnectionStringBuilder(api.ConnectionString);
        string[] secrets =
        [
            token, secretKey, accessKey, TestEnvironment.S3SecretKey, database.Password!, api.DatabaseName,
            // The database user as a whole label value (as a word it is also part of db_system_name="postgresql").
            $"=\"{database.Username}\"",
            _tenant.Owner.Id.ToString(), _tenant.AccountId.ToString(), id.ToString(), provider.HostAndPort,
        ];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, scrape, StringComparison.OrdinalIgnoreCase);
        }

        // Our own series and the database's carry only these labels (the pool name, with host and user, is dropped).
        string[] allowed = ["otel_scope_name", "otel_scope_version", "provider", "operation", "outcome", "failure", "job", "le",
            "db_system", "db_system_name", "db_client_connection_state", "error_type"];
        Assert.All(
            Series(scrape).Where(series => series.Name.StartsWith("amove_", StringComparison.Ordinal) || series.Name.StartsWith("db_", StringComparison.Ordinal)),
            series => Assert.Subset(allowed.ToHashSet(), series.Labels.Keys.ToHashSet()));
    }

    [Fact]
    public async Task Metrics_are_not_served_outside_Development_unless_configured()
    {
        using var client = api.CreateClient();

        var metrics = await client.GetAsync("/metrics");
        var unknown = await client.GetAsync("/no-such-page");

        // Outside /api/ an unknown path is a bare 404; /metrics is then just that.
        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.Equal(unknown.StatusCode, metrics.StatusCode);
        Assert.Empty(await metrics.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_are_served_in_Development_by_default()
    {
        using var development = api.WithWebHostBuilder(builder => builder.UseEnvironment("Development"));
        using var client = development.CreateClient();

        var metrics = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scrape_path_follows_the_configuration()
    {
        using var metered = WithMetrics(("Telemetry:PrometheusPath", "/internal/prometheus"));
        using var client = metered.CreateClient();

        var moved = await client.GetAsync("/internal/prometheus");
        var old = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Contains("# TYPE", await moved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact]
    public void A_scrape_path_inside_the_api_is_refused_at_startup()
    {
        using var misconfigured = WithMetrics(("Telemetry:PrometheusPath", "/api/v1/metrics"));

        var failure = Record.Exception(() => misconfigured.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains("Telemetry:PrometheusPath", failure.ToString(), StringComparison.Ordinal);
    }

    internal static async Task<string> ScrapeAsync(HttpClient client, string path = "/metrics")
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    internal sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    /// <summary>The samples of a Prometheus text exposition, optionally only those named <paramref name="name"/>.</summary>
    internal static IEnumerable<Sample> Series(string scrape, string? name = null) =>
        scrape.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => SampleLine().Match(line))
            .Where(match => match.Success && (name is null || match.Groups["name"].Value == name))
            .Select(match => new Sample(
                match.Groups["name"].Value,
                LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(pair => pair.Groups[1].Value, pair => pair.Groups[2].Value),
                double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));

    internal static IEnumerable<Dictionary<string, string>> LabelsOf(string scrape, string name) =>
        Series(scrape, name).Select(series => series.Labels);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
