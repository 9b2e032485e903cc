using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors.Outbound;

/// <summary>
/// Keeps outbound calls to user-supplied URLs away from this host, its private networks, cloud metadata and every other
/// address that is not globally reachable (SSRF; the ranges are in <see cref="BlockedNetworks"/>).
/// Enforced where it cannot be bypassed, at connect time: the handler resolves the host once, refuses if any address
/// is blocked and connects only to the addresses it vetted, so DNS rebinding has no second lookup to exploit.
/// </summary>
public sealed class OutboundGuard
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    // Recycles pooled connections so a changed DNS answer is re-vetted (and a pool cannot pin a stale address).
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(2);

    private readonly AllowedHosts _allowedHosts;
    private readonly IHostResolver _resolver;

    public OutboundGuard(IOptions<OutboundOptions> options, IHostResolver resolver)
    {
        _allowedHosts = new AllowedHosts(options.Value.AllowedHosts);
        _resolver = resolver;
    }

    /// <summary>
    /// Refuses <paramref name="uri"/> early, before any connection, if its scheme is not http(s) or its host resolves to
    /// a blocked address. A name that cannot be resolved passes: the connection would fail anyway, and the handler
    /// checks again at connect time.
    /// </summary>
    /// <exception cref="OutboundBlockedException">The destination is not allowed.</exception>
    public async Task EnsureAllowedAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new OutboundBlockedException($"Only absolute http and https URLs are allowed: '{uri.OriginalString}'.");
        }

        var host = uri.IdnHost;
        if (_allowedHosts.Allows(host, uri.Port))
        {
            return;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(host, cancellationToken);
        }
        catch (SocketException)
        {
            return;
        }

        EnsureNoneBlocked(host, addresses);
    }

    /// <summary>
    /// The primary handler of every connector's HTTP client (see <see cref="Http.ConnectorHttpClients"/>): it vets every connection, follows no redirects and ignores proxies (a proxy would be the only
    /// address the connect hook sees). It sends no cookies, so connections shared between accounts carry no state.
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        ConnectCallback = ConnectAsync,
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = ConnectTimeout,
        PooledConnectionLifetime = PooledConnectionLifetime,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        var addresses = await ResolveAsync(host, cancellationToken);
        if (!_allowedHosts.Allows(host, port))
        {
            EnsureNoneBlocked(host, addresses);
        }

        // Dual-mode socket: reaches both the IPv4 and the IPv6 addresses just vetted.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IpLiteral.TryParse(host, out var literal))
        {
            return [BlockedNetworks.Normalize(literal)];
        }

        var addresses = await _resolver.ResolveAsync(host, cancellationToken);
        return addresses.Length > 0
            ? [.. addresses.Select(BlockedNetworks.Normalize)]
            : throw new SocketException((int)SocketError.HostNotFound);
    }

    private static void EnsureNoneBlocked(string host, IPAddress[] addresses)
    {
        if (addresses.Any(BlockedNetworks.Contain))
        {
            throw new OutboundBlockedException(
                $"The address of '{host}' is not allowed: it is not globally reachable (loopback, link-local, private, multicast and other special-purpose addresses are blocked).");
        }
    }
}
