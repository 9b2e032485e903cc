namespace Amove.CloudAccounts.Api.Hosting;

/// <summary>OpenTelemetry traces and metrics (section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public TelemetryMetricsOptions Metrics { get; set; } = new();

    /// <summary>Where the Prometheus scrape endpoint answers when <see cref="TelemetryMetricsOptions.Enabled"/>.</summary>
    public string PrometheusPath { get; set; } = "/metrics";

    public TelemetryOtlpOptions Otlp { get; set; } = new();

    /// <summary>Whether <c>/metrics</c> is served: as configured, else only in Development.</summary>
    public bool ServesPrometheus(bool isDevelopment) => Metrics.Enabled ?? isDevelopment;
}

public sealed class TelemetryMetricsOptions
{
    /// <summary>Serves the Prometheus scrape endpoint. Unset: on in Development, off elsewhere.</summary>
    public bool? Enabled { get; set; }
}

public sealed class TelemetryOtlpOptions
{
    /// <summary>
    /// The OTLP collector that receives traces, metrics and logs (e.g. <c>http://collector:4317</c>). Unset: nothing is
    /// exported over OTLP and no traces are recorded.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary><c>Grpc</c> (port 4317, the default) or <c>HttpProtobuf</c> (port 4318).</summary>
    public OtlpProtocol Protocol { get; set; } = OtlpProtocol.Grpc;
}

/// <summary>The OTLP transports <c>Telemetry:Otlp:Protocol</c> accepts.</summary>
public enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}
