using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Amove.CloudAccounts.Connectors.Tests.Support;

/// <summary>
/// A raw TCP server on 127.0.0.1 that counts the connections it accepts and answers each request with a canned HTTP
/// response chosen from the request line, or never answers at all. One request per connection.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<string, string>? _respond;
    private readonly Task _acceptLoop;
    private int _connections;

    private LoopbackServer(Func<string, string>? respond)
    {
        _respond = respond;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string HostAndPort => $"127.0.0.1:{Port}";

    public Uri Url => new($"http://{HostAndPort}/");

    public int Connections => Volatile.Read(ref _connections);

    public static LoopbackServer Answering(string rawResponse) => new(_ => rawResponse);

    /// <summary>Answers with <paramref name="respond"/>(request line), e.g. "GET /bucket?location HTTP/1.1".</summary>
    public static LoopbackServer Answering(Func<string, string> respond) => new(respond);

    /// <summary>Accepts connections and reads requests but never answers.</summary>
    public static LoopbackServer Silent() => new(null);

    public static string HttpResponse(int status, string reason, string body = "", params string[] headers)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} {reason}\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        var bodyLength = Encoding.UTF8.GetByteCount(body);
        return head.Append($"Content-Length: {bodyLength}\r\nConnection: close\r\n\r\n").Append(body).ToString();
    }

    /// <summary>A port on loopback that nothing listens on.</summary>
    public static int UnusedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

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

            Interlocked.Increment(ref _connections);
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
                var requestLine = await ReadRequestLineAsync(stream);
                if (_respond is null)
                {
                    await Task.Delay(Timeout.Infinite, _stopping.Token);
                    return;
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(_respond(requestLine)), _stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The client hung up or the server is stopping: nothing left to answer.
            }
        }
    }

    /// <summary>Reads the request head (these tests send no bodies) and returns its first line.</summary>
    private async Task<string> ReadRequestLineAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (!EndsWithBlankLine(received))
        {
            var read = await stream.ReadAsync(buffer, _stopping.Token);
            if (read == 0)
            {
                throw new IOException("The client closed the connection before sending a request.");
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. received]);
        return head[..head.IndexOf("\r\n", StringComparison.Ordinal)];
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';
}
