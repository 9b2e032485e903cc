using System.Net.Sockets;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Outages;

/// <summary>What a <see cref="MisbehavingTcpServer"/> does with each connection.</summary>
public enum TcpMisbehaviour
{
    /// <summary>Reads whatever comes and never writes a byte, until the client gives up.</summary>
    Silent,

    /// <summary>Writes a line that is no protocol at all, then closes.</summary>
    Garbage,

    /// <summary>Reads the first bytes the client sends, then resets the connection (RST, not a clean close).</summary>
    Reset,

    /// <summary>Resets the connection as soon as it is accepted, for protocols where the server speaks first (SMTP).</summary>
    ResetAtOnce,
}

/// <summary>
/// A TCP server on a free 127.0.0.1 port below the protocols: it counts the connections it accepts, the way a provider's
/// logs would count calls, and fails each one the same way. <see cref="WaitUntilAsync"/> wakes on each new connection.
/// </summary>
public sealed class MisbehavingTcpServer : IAsyncDisposable
{
    private readonly ChangeSignal _changed = new();
    private readonly TcpMisbehaviour _misbehaviour;
    private readonly LoopbackTcpListener _listener;
    private int _connections;

    public MisbehavingTcpServer(TcpMisbehaviour misbehaviour)
    {
        _misbehaviour = misbehaviour;
        _listener = new LoopbackTcpListener(client =>
        {
            Interlocked.Increment(ref _connections);
            _changed.Notify();
            _ = ServeAsync(client);
        });
    }

    public int Port => _listener.Port;

    public string HostAndPort => $"127.0.0.1:{Port}";

    public Uri Url => new($"http://{HostAndPort}/");

    public int Connections => Volatile.Read(ref _connections);

    public Task WaitUntilAsync(Func<MisbehavingTcpServer, bool> condition, string description) =>
        _changed.WaitUntilAsync(() => condition(this), () => $"The server never saw {description} (connections {Connections}).");

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task ServeAsync(TcpClient client)
    {
        var buffer = new byte[4096];
        try
        {
            var stream = client.GetStream();
            switch (_misbehaviour)
            {
                case TcpMisbehaviour.Silent:
                    while (await stream.ReadAsync(buffer, _listener.Stopping) > 0)
                    {
                    }

                    break;
                case TcpMisbehaviour.Garbage:
                    await stream.WriteAsync("\u0001\u0002 this is no protocol at all {<\r\n"u8.ToArray(), _listener.Stopping);
                    break;
                case TcpMisbehaviour.Reset:
                    // Whatever part of the request has arrived: the reset is what matters, not how much was read.
                    _ = await stream.ReadAsync(buffer, _listener.Stopping);
                    client.Client.LingerState = new LingerOption(true, 0);
                    break;
                case TcpMisbehaviour.ResetAtOnce:
                    client.Client.LingerState = new LingerOption(true, 0);
                    break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            // The client hung up first, or the server is stopping.
        }
        finally
        {
            client.Dispose();
        }
    }
}
