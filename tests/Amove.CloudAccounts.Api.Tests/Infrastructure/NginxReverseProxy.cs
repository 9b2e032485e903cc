using System.Diagnostics;
using System.Net.Sockets;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>
/// A real nginx on a free loopback port, configured as the README tells operators to put it in front of the API:
/// it forwards the client's address and scheme in X-Forwarded-For and X-Forwarded-Proto, and spreads requests over
/// every instance it is given (round robin), as in front of a fleet.
/// </summary>
public sealed class NginxReverseProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private NginxReverseProxy(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Url = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri Url { get; }

    public static Task<NginxReverseProxy> StartAsync(params int[] upstreamPorts)
    {
        var port = LoopbackHttpServer.UnusedPort();
        return StartSiteAsync(port, $$"""
            upstream api {
            {{string.Concat(upstreamPorts.Select(upstream => $"    server 127.0.0.1:{upstream};\n"))}}
            }
            server {
                listen 127.0.0.1:{{port}};
                location / {
                    proxy_pass http://api;
                    proxy_set_header Host $host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                }
            }
            """);
    }

    /// <summary>nginx serving <paramref name="site"/> (what goes in <c>conf.d</c>: upstreams and servers), which listens on <paramref name="port"/>.</summary>
    public static async Task<NginxReverseProxy> StartSiteAsync(int port, string site)
    {
        var directory = Directory.CreateTempSubdirectory("amove-nginx-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "site.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
            daemon off;
            master_process off;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                include {{directory}}/site.conf;
            }
            """);

        var process = Process.Start(new ProcessStartInfo(TestEnvironment.NginxPath)
        {
            ArgumentList = { "-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-e", Path.Combine(directory, "error.log") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var proxy = new NginxReverseProxy(process, directory, port);
        await proxy.WaitUntilListeningAsync(port);
        return proxy;
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited: {await _process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"nginx did not listen on 127.0.0.1:{port} within 5 seconds.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
