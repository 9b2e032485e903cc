using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>
/// A minimal HTTP/1.1 server on a free 127.0.0.1 port that answers every request with the same canned response,
/// and counts the requests it received: a stand-in for a provider that misbehaves in one precise way.
/// </summary>
public sealed class CannedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly string? _response;
    private int _requests;
    private int _abandoned;

    private CannedHttpServer(string? response)
    {
        _response = response;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    private CannedHttpServer(string statusLine, IEnumerable<string> headers, string body)
        : this($"HTTP/1.1 {statusLine}\r\n"
            + string.Concat(headers.Select(header => header + "\r\n"))
            + $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}")
    {
    }

    /// <summary>Reads each request and never answers, like a provider that hangs.</summary>
    public static CannedHttpServer NeverAnswering() => new(response: null);

    /// <summary>Answers <c>307 Temporary Redirect</c> to <paramref name="location"/>.</summary>
    public static CannedHttpServer Redirecting(string location) =>
        new("307 Temporary Redirect", [$"Location: {location}"], "");

    /// <summary>Answers an S3-style XML error, e.g. <c>503 Slow Down</c> with code <c>SlowDown</c>.</summary>
    public static CannedHttpServer S3Error(string statusLine, string code, string message, params string[] headers) =>
        new(statusLine, ["Content-Type: application/xml", .. headers],
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>");

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>As <c>Outbound:AllowedHosts</c> names it.</summary>
    public string HostAndPort => $"127.0.0.1:{Port}";

    public string Url => $"http://{HostAndPort}";

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests whose client closed the connection while waiting for an answer that never came.</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await ReadRequestHeadAsync(stream);
                Interlocked.Increment(ref _requests);
                if (_response is null)
                {
                    // Wait for the client to give up: a read of 0 bytes is its close.
                    while (await stream.ReadAsync(new byte[1], _stopping.Token) > 0)
                    {
                    }

                    Interlocked.Increment(ref _abandoned);
                    return;
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(_response), _stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
            {
                // The client hung up or the server is stopping.
            }
        }
    }

    // The requests here (S3 list calls) carry no body: the head is all there is to read.
    private async Task ReadRequestHeadAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (!(received.Count >= 4 && received[^4] == '\r' && received[^3] == '\n' && received[^2] == '\r' && received[^1] == '\n'))
        {
            var read = await stream.ReadAsync(buffer, _stopping.Token);
            if (read == 0)
            {
                throw new IOException("The client closed the connection before sending a request.");
            }

            received.AddRange(buffer.AsSpan(0, read));
        }
    }
}
