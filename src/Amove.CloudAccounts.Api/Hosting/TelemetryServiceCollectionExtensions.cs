using Amove.CloudAccounts.Api.Hosting;
using Amove.CloudAccounts.Connectors.Telemetry;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.DependencyInjection;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The service's name in every exported trace and metric.</summary>
    public const string ServiceName = "amove-cloudaccounts";

    /// <summary>
    /// OpenTelemetry metrics (request duration by route and status, provider calls, token refreshes, background jobs,
    /// database commands) served to Prometheus at <c>Telemetry:PrometheusPath</c> when <c>Telemetry:Metrics:Enabled</c>, and
    /// traces, metrics and logs sent over OTLP when <c>Telemetry:Otlp:Endpoint</c> is set. With neither, nothing is
    /// collected at all.
    /// </summary>
    public static IHostApplicationBuilder AddAmoveTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>()
            .BindConfiguration(TelemetryOptions.SectionName)
            .Validate(
                options => options.PrometheusPath is ['/', _, ..] && Uri.IsWellFormedUriString(options.PrometheusPath, UriKind.Relative)
                    && !options.PrometheusPath.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)
                    && !options.PrometheusPath.StartsWith("/health/", StringComparison.OrdinalIgnoreCase),
                "Telemetry:PrometheusPath must be a path such as /metrics, outside /api/ and /health/.")
            .Validate(
                options => options.Otlp.Endpoint is null || (options.Otlp.Endpoint.IsAbsoluteUri && options.Otlp.Endpoint.Scheme is "http" or "https"),
                "Telemetry:Otlp:Endpoint must be an absolute http(s) URL such as http://collector:4317.")
            .ValidateOnStart();

        // Read once here: what is registered depends on it. Invalid values are reported by the validation above.
        var settings = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var prometheus = settings.ServesPrometheus(builder.Environment.IsDevelopment());
        var otlp = settings.Otlp.Endpoint is { IsAbsoluteUri: true } ? settings.Otlp.Endpoint : null;
        if (prometheus || otlp is not null)
        {
            // A method of its own, so that the OpenTelemetry assemblies are loaded only when something is collected.
            AddOpenTelemetry(builder.Services, settings, prometheus, otlp);
        }

        return builder;
    }

    private static void AddOpenTelemetry(IServiceCollection services, TelemetryOptions settings, bool prometheus, Uri? otlp)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(AmoveMetrics.MeterName)
                    // http.server.request.duration, by route template, method and status code.
                    .AddAspNetCoreInstrumentation()
                    // Npgsql's command duration and connection-pool use.
                    .AddNpgsqlInstrumentation()
                    // Only what is safe to label: the pool name would carry the database host and user.
                    .AddView(instrument => instrument.Meter.Name == "Npgsql"
                        ? new MetricStreamConfiguration { TagKeys = ["db.system", "db.system.name", "db.client.connection.state", "error.type"] }
                        : null);
                if (prometheus)
                {
                    metrics.AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
                }
            });

        if (otlp is not null)
        {
            // Traces only when something receives them: an unexported span is cost for nothing.
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments(settings.PrometheusPath))
                .AddHttpClientInstrumentation()
                .AddNpgsql());
            telemetry.UseOtlpExporter(
                settings.Otlp.Protocol switch
                {
                    OtlpProtocol.Grpc => OtlpExportProtocol.Grpc,
                    OtlpProtocol.HttpProtobuf => OtlpExportProtocol.HttpProtobuf,
                },
                otlp);
        }

        if (prometheus)
        {
            // Ahead of the whole pipeline (authentication, rate limiting, the /api/ fallback): a scraper sends no token, and
            // the path is meant for the operator's network only (docs/operations.md).
            var path = settings.PrometheusPath;
            services.AddSingleton<IStartupFilter>(new PrometheusEndpointStartupFilter(path));
        }
    }

    private sealed class PrometheusEndpointStartupFilter(string path) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(path);
            next(app);
        };
    }
}
