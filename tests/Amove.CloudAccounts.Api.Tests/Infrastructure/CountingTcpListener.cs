using System.Net;
using System.Net.Sockets;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>
/// A real TCP listener on a free loopback port (127.0.0.1 and, when the host has it, [::1] on the same port) that
/// accepts and immediately closes connections, counting them. Nothing allow-lists its port, so any connection it
/// sees is one the outbound guard should have refused.
/// </summary>
public sealed class CountingTcpListener : IAsyncDisposable
{
    private readonly List<TcpListener> _listeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _acceptLoops = [];
    private int _connections;

    public CountingTcpListener()
    {
        // Ports handed out for port 0 (the ephemeral range, 32768 and up on Linux) are what other tests probe as
        // "unused": a listener there could count their connections. Pick one below that range instead.
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20000, 32000);
            var v4 = new TcpListener(IPAddress.Loopback, port);
            var v6 = new TcpListener(IPAddress.IPv6Loopback, port);
            try
            {
                v4.Start();
            }
            catch (SocketException) when (attempt < 100)
            {
                continue;
            }

            try
            {
                v6.Server.DualMode = false;
                v6.Start();
                _listeners.Add(v6);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 100)
            {
                v4.Stop();
                continue;
            }
            catch (SocketException)
            {
                // No IPv6 loopback on this host: the IPv4 side alone still counts every IPv4 connection.
            }

            _listeners.Add(v4);
            Port = port;
            break;
        }

        foreach (var listener in _listeners)
        {
            _acceptLoops.Add(AcceptAsync(listener));
        }
    }

    public int Port { get; }

    /// <summary>Whether [::1] is listened on too (so IPv6 loopback attempts would be counted).</summary>
    public bool ListensOnIPv6 => _listeners.Count == 2;

    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        await Task.WhenAll(_acceptLoops);
        _stopping.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync(_stopping.Token);
                Interlocked.Increment(ref _connections);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
