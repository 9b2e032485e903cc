using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Amove.CloudAccounts.TestSupport;

/// <summary>
/// A raw HTTP/1.1 server on a free 127.0.0.1 port that stands in for a provider misbehaving in one precise way: it
/// answers each request with a canned response (chosen from the request line), or never answers at all. It counts
/// the connections it accepts, the requests it reads and the requests whose client gave up waiting.
/// One request per connection; requests carry no body.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<string, string>? _respond;
    private readonly Task _acceptLoop;
    private int _connections;
    private int _requests;
    private int _abandoned;

    private LoopbackHttpServer(Func<string, string>? respond)
    {
        _respond = respond;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>As <c>Outbound:AllowedHosts</c> names it.</summary>
    public string HostAndPort => $"127.0.0.1:{Port}";

    public Uri Url => new($"http://{HostAndPort}/");

    public int Connections => Volatile.Read(ref _connections);

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests whose client closed the connection while waiting for an answer that never came.</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

    public static LoopbackHttpServer Answering(string rawResponse) => new(_ => rawResponse);

    /// <summary>Answers with <paramref name="respond"/>(request line), e.g. "GET /bucket?location HTTP/1.1".</summary>
    public static LoopbackHttpServer Answering(Func<string, string> respond) => new(respond);

    /// <summary>Reads each request and never answers, like a provider that hangs.</summary>
    public static LoopbackHttpServer NeverAnswering() => new(respond: null);

    /// <summary>Answers <c>307 Temporary Redirect</c> to <paramref name="location"/>.</summary>
    public static LoopbackHttpServer Redirecting(string location) =>
        Answering(HttpResponse(307, "Temporary Redirect", "", $"Location: {location}"));

    /// <summary>Answers an S3-style XML error, e.g. 503 with code <c>SlowDown</c>.</summary>
    public static LoopbackHttpServer AnsweringS3Error(int status, string reason, string code, string message, params string[] headers) =>
        Answering(S3ErrorResponse(status, reason, code, message, headers));

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

    public static string S3ErrorResponse(int status, string reason, string code, string message, params string[] headers) =>
        HttpResponse(
            status,
            reason,
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>",
            ["Content-Type: application/xml", .. headers]);

    /// <summary>A port on loopback that nothing listens on (bound, read, released).</summary>
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
                Interlocked.Increment(ref _requests);
                if (_respond is null)
                {
                    // Wait for the client to give up: a read of 0 bytes is its close.
                    while (await stream.ReadAsync(new byte[1], _stopping.Token) > 0)
                    {
                    }

                    Interlocked.Increment(ref _abandoned);
                    return;
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(_respond(requestLine)), _stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
            {
                // The client hung up or the server is stopping: nothing left to answer.
            }
        }
    }

    /// <summary>Reads the request head and returns its first line.</summary>
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
