using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Amove.CloudAccounts.TestSupport;

/// <summary>
/// A raw HTTP/1.1 server on a free 127.0.0.1 port that stands in for a provider misbehaving in one precise way: it
/// answers each request with a response chosen from the request (canned, or a body generated lazily as it is sent,
/// however large), or never answers at all. It counts the connections it accepts, the requests it reads, the body
/// bytes it manages to write, the answers its client stopped reading and the requests whose client gave up waiting;
/// <see cref="WaitUntilAsync"/> wakes on each change of these counts.
/// One request per connection; a request's body is read and ignored.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly Func<HttpRequestHead, Task<StreamedResponse>>? _respond;
    private readonly LoopbackTcpListener _listener;
    private readonly ChangeSignal _changed = new();
    private int _connections;
    private int _requests;
    private int _abandoned;
    private int _cutOff;
    private long _bytesWritten;

    private LoopbackHttpServer(Func<HttpRequestHead, Task<StreamedResponse>>? respond)
    {
        _respond = respond;
        _listener = new LoopbackTcpListener(client =>
        {
            Count(ref _connections);
            _ = ServeAsync(client);
        });
    }

    public int Port => _listener.Port;

    /// <summary>As <c>Outbound:AllowedHosts</c> names it.</summary>
    public string HostAndPort => $"127.0.0.1:{Port}";

    public Uri Url => new($"http://{HostAndPort}/");

    public int Connections => Volatile.Read(ref _connections);

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests whose client closed the connection while waiting for an answer that never came.</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

    /// <summary>Answers the client stopped reading: it closed the connection before the whole answer was written.</summary>
    public int CutOff => Volatile.Read(ref _cutOff);

    /// <summary>Bytes of answers (head and body) handed to the network, over all requests.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    public static LoopbackHttpServer Answering(string rawResponse) => new(_ => Task.FromResult(StreamedResponse.Of(rawResponse)));

    /// <summary>Answers with <paramref name="respond"/>(request line), e.g. "GET /bucket?location HTTP/1.1".</summary>
    public static LoopbackHttpServer Answering(Func<string, string> respond) =>
        new(request => Task.FromResult(StreamedResponse.Of(respond(request.RequestLine))));

    /// <summary>Answers with <paramref name="respond"/>(request head), which may send its body lazily, piece by piece.</summary>
    public static LoopbackHttpServer Streaming(Func<HttpRequestHead, StreamedResponse> respond) =>
        new(request => Task.FromResult(respond(request)));

    /// <summary>As <see cref="Streaming"/>, for an answer that waits for something first (e.g. other requests).</summary>
    public static LoopbackHttpServer StreamingAsync(Func<HttpRequestHead, Task<StreamedResponse>> respond) => new(respond);

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

    /// <summary>
    /// Completes when <paramref name="condition"/> holds, re-checking it whenever a count changes. The time limit only
    /// keeps a broken test from hanging; it proves nothing.
    /// </summary>
    public Task WaitUntilAsync(Func<LoopbackHttpServer, bool> condition, string description, TimeSpan? limit = null) =>
        _changed.WaitUntilAsync(
            () => condition(this),
            () => $"The provider never saw {description} (requests {Requests}, abandoned {Abandoned}, cut off {CutOff}, bytes {BytesWritten}).",
            limit);

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private void Count(ref int counter)
    {
        Interlocked.Increment(ref counter);
        _changed.Notify();
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var answering = false;
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestHeadAsync(stream);
                Count(ref _requests);
                if (_respond is null)
                {
                    // Wait for the client to give up: a read of 0 bytes is its close.
                    while (await stream.ReadAsync(new byte[1], _listener.Stopping) > 0)
                    {
                    }

                    Count(ref _abandoned);
                    return;
                }

                answering = true;
                var response = await _respond(request);
                await WriteAsync(stream, Encoding.UTF8.GetBytes(response.Head));
                foreach (var piece in response.Body)
                {
                    await WriteAsync(stream, piece);
                }
            }
            catch (Exception e) when (e is IOException or SocketException && answering)
            {
                Count(ref _cutOff);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
            {
                // The client hung up before asking, or the server is stopping: nothing left to answer.
            }
        }
    }

    private async Task WriteAsync(NetworkStream stream, ReadOnlyMemory<byte> bytes)
    {
        await stream.WriteAsync(bytes, _listener.Stopping);
        Interlocked.Add(ref _bytesWritten, bytes.Length);
    }

    /// <summary>
    /// Reads the request head (the request line and the header lines) and then the body its Content-Length announces, which
    /// is read to its end so that closing the connection afterwards does not reset it, and otherwise ignored.
    /// </summary>
    private async Task<HttpRequestHead> ReadRequestHeadAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = BlankLineEnd(received)) < 0)
        {
            received.AddRange(buffer.AsSpan(0, await ReadSomeAsync(stream, buffer)));
        }

        var lines = Encoding.ASCII.GetString([.. received], 0, headEnd).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var head = new HttpRequestHead(lines[0], lines[1..]);
        var bodyLeft = (long.TryParse(head.Header("Content-Length"), out var length) ? length : 0) - (received.Count - headEnd);
        while (bodyLeft > 0)
        {
            bodyLeft -= await ReadSomeAsync(stream, buffer);
        }

        return head;
    }

    private async Task<int> ReadSomeAsync(NetworkStream stream, byte[] buffer)
    {
        var read = await stream.ReadAsync(buffer, _listener.Stopping);
        return read > 0 ? read : throw new IOException("The client closed the connection before sending a request.");
    }

    /// <summary>Where the head ends (just after its blank line), or -1 while it has not all arrived.</summary>
    private static int BlankLineEnd(List<byte> bytes)
    {
        for (var i = 3; i < bytes.Count; i++)
        {
            if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n')
            {
                return i + 1;
            }
        }

        return -1;
    }
}

public sealed record HttpRequestHead(string RequestLine, IReadOnlyList<string> HeaderLines)
{
    public string? Header(string name) => HeaderLines
        .Where(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
        .Select(line => line[(name.Length + 1)..].Trim())
        .FirstOrDefault();
}

/// <summary>An answer whose body is produced piece by piece as it is sent, so it can be far larger than memory.</summary>
/// <param name="Head">Status line and headers, each ending in CRLF, and the blank line (sent as UTF-8; a canned answer
/// carries its body here too).</param>
public sealed record StreamedResponse(string Head, IEnumerable<ReadOnlyMemory<byte>> Body)
{
    /// <summary>A canned answer: head and body in one string.</summary>
    public static StreamedResponse Of(string rawResponse) => new(rawResponse, []);

    /// <summary>
    /// A 200 XML answer whose body is <paramref name="opening"/>, then <paramref name="repeated"/> as many times as fit
    /// in <paramref name="totalBytes"/> (exactly that many bytes when the sizes allow), then <paramref name="closing"/>.
    /// It declares its length when <paramref name="declareLength"/>, and is sent chunked (no length at all) otherwise.
    /// </summary>
    public static StreamedResponse RepeatedXml(string opening, string repeated, string closing, long totalBytes, bool declareLength)
    {
        var unit = Encoding.UTF8.GetBytes(repeated);
        var unitsPerPiece = Math.Max(1, 64 * 1024 / unit.Length);
        var piece = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(repeated, unitsPerPiece)));
        var head = Encoding.UTF8.GetBytes(opening);
        var tail = Encoding.UTF8.GetBytes(closing);
        var units = Math.Max(0, totalBytes - head.Length - tail.Length) / unit.Length;
        var (fullPieces, lastUnits) = (units / unitsPerPiece, (int)(units % unitsPerPiece));
        var length = head.Length + (units * unit.Length) + tail.Length;

        IEnumerable<ReadOnlyMemory<byte>> Pieces()
        {
            yield return head;
            for (var i = 0L; i < fullPieces; i++)
            {
                yield return piece;
            }

            yield return piece.AsMemory(0, lastUnits * unit.Length);
            yield return tail;
        }

        var framing = declareLength ? $"Content-Length: {length}" : "Transfer-Encoding: chunked";
        var body = declareLength ? Pieces() : Chunked(Pieces().Where(p => p.Length > 0));
        return new($"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n{framing}\r\nConnection: close\r\n\r\n", body);
    }

    /// <summary>HTTP/1.1 chunked framing around each piece, and the closing zero-length chunk.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Chunked(IEnumerable<ReadOnlyMemory<byte>> pieces)
    {
        foreach (var piece in pieces)
        {
            yield return Encoding.ASCII.GetBytes($"{piece.Length:X}\r\n");
            yield return piece;
            yield return "\r\n"u8.ToArray();
        }

        yield return "0\r\n\r\n"u8.ToArray();
    }
}
