using System.Net;
using System.Net.Sockets;

namespace Amove.CloudAccounts.TestSupport;

/// <summary>
/// Accepts connections on a free 127.0.0.1 port and hands each one to a callback, which serves it without holding up the
/// next accept. Disposing cancels <see cref="Stopping"/>, which the servers built on it pass to their reads and writes,
/// stops accepting and waits for the accept loop to end.
/// </summary>
public sealed class LoopbackTcpListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;

    public LoopbackTcpListener(Action<TcpClient> accepted)
    {
        _listener.Start();
        _acceptLoop = AcceptAsync(accepted);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public CancellationToken Stopping => _stopping.Token;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stopping.Dispose();
    }

    private async Task AcceptAsync(Action<TcpClient> accepted)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // InvalidOperationException: the listener was stopped between two accepts.
                return;
            }

            accepted(client);
        }
    }
}
