using System.Net;
using System.Net.Sockets;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>
/// A real TCP listener on a free loopback port (127.0.0.1 and, when the host has it, [::1] on the same port) that
/// accepts and immediately closes connections, counting them. Nothing allow-lists its port, so any connection it
/// sees is one the outbound guard should have refused. <see cref="ConnectionsBeforeProbeAsync"/> tells, without
/// waiting for a stray connection to turn up, whether one was ever made.
/// </summary>
public sealed class CountingTcpListener : IAsyncDisposable
{
    private readonly List<TcpListener> _listeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _acceptLoops = [];

    // Per listener, the remote end of each accepted connection, in the order accepted.
    private readonly Dictionary<TcpListener, List<EndPoint?>> _accepted = [];
    private TaskCompletionSource _acceptedOne = NewSignal();
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
            _accepted[listener] = [];
            _acceptLoops.Add(AcceptAsync(listener));
        }
    }

    public int Port { get; }

    /// <summary>Whether [::1] is listened on too (so IPv6 loopback attempts would be counted).</summary>
    public bool ListensOnIPv6 => _listeners.Count == 2;

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The loopback addresses listened on.</summary>
    public IReadOnlyList<IPAddress> Addresses => [.. _listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Address)];

    /// <summary>
    /// Connects to <paramref name="address"/> and returns how many connections were accepted there before this one.
    /// A listener accepts connections in the order they were established, so a connection anyone made earlier is
    /// counted here without waiting for it: 0 means there was none.
    /// </summary>
    public async Task<int> ConnectionsBeforeProbeAsync(IPAddress address)
    {
        var listener = _listeners.Single(l => ((IPEndPoint)l.LocalEndpoint).Address.Equals(address));
        using var probe = new TcpClient(address.AddressFamily);
        await probe.ConnectAsync(address, Port);
        var probeEnd = probe.Client.LocalEndPoint;

        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var acceptedOne = Volatile.Read(ref _acceptedOne).Task;
            lock (_accepted)
            {
                var position = _accepted[listener].IndexOf(probeEnd);
                if (position >= 0)
                {
                    return position;
                }
            }

            await acceptedOne.WaitAsync(giveUp.Token);
        }
    }

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

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync(_stopping.Token);
                Interlocked.Increment(ref _connections);
                lock (_accepted)
                {
                    _accepted[listener].Add(client.Client.RemoteEndPoint);
                }

                Interlocked.Exchange(ref _acceptedOne, NewSignal()).TrySetResult();
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException
                or InvalidOperationException)
            {
                // InvalidOperationException ("Not listening"): DisposeAsync stopped the listener between two accepts.
                return;
            }
        }
    }
}
