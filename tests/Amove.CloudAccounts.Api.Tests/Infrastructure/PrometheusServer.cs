using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian's package; scripts/test.sh installs it and sets <c>AMOVE_TEST_PROMETHEUS</c>) on a free
/// loopback port, scraping one target every second as an operator's would, with its data in a temporary directory.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _client;

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    public static string BinaryPath => Environment.GetEnvironmentVariable("AMOVE_TEST_PROMETHEUS") is { Length: > 0 } path
        ? path
        : throw new InvalidOperationException(
            "AMOVE_TEST_PROMETHEUS is not set. Run the tests with scripts/test.sh, which installs Prometheus and sets it.");

    /// <summary>Starts Prometheus scraping <paramref name="metricsPath"/> of <c>127.0.0.1:<paramref name="targetPort"/></c>, as job <c>amove</c>.</summary>
    public static async Task<PrometheusServer> StartAsync(int targetPort, string metricsPath = "/metrics")
    {
        var directory = Directory.CreateTempSubdirectory("amove-prometheus-").FullName;
        var port = LoopbackHttpServer.UnusedPort();
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: amove
                metrics_path: {metricsPath}
                static_configs:
                  - targets: ["127.0.0.1:{targetPort}"]
            """);

        var process = Process.Start(new ProcessStartInfo(BinaryPath)
        {
            ArgumentList =
            {
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        // Prometheus logs to stderr; drain it so a chatty run never blocks on a full pipe.
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var server = new PrometheusServer(process, directory, port);
        await Poll.UntilAsync(server.IsReadyAsync, "Prometheus to be ready");
        return server;
    }

    /// <summary>The series an instant PromQL query returns now: each one's labels and value.</summary>
    public async Task<IReadOnlyList<(JsonObject Labels, string Value)>> QueryAsync(string promQl)
    {
        var answer = await _client.GetFromJsonAsync<JsonObject>($"api/v1/query?query={Uri.EscapeDataString(promQl)}");
        if ((string?)answer?["status"] != "success")
        {
            throw new InvalidOperationException($"Prometheus refused '{promQl}': {answer}");
        }

        return [.. answer["data"]!["result"]!.AsArray().Select(series => (series!["metric"]!.AsObject(), (string)series["value"]![1]!))];
    }

    private async Task<bool> IsReadyAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"Prometheus exited with {_process.ExitCode}.");
        }

        try
        {
            return (await _client.GetAsync("-/ready")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
