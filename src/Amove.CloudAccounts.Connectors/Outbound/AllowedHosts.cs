using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Amove.CloudAccounts.Connectors.Outbound;

/// <summary>The parsed <see cref="OutboundOptions.AllowedHosts"/>: hosts allowed on any port, and host:port pairs.</summary>
internal sealed class AllowedHosts
{
    private readonly HashSet<string> _anyPort = new(StringComparer.Ordinal);
    private readonly HashSet<(string Host, int Port)> _exact = [];

    public AllowedHosts(IEnumerable<string> entries)
    {
        foreach (var entry in entries)
        {
            if (!TryParse(entry, out var host, out var port))
            {
                throw new ArgumentException(
                    $"'{entry}' is not a valid allowed host: use host, host:port or [ipv6]:port.", nameof(entries));
            }

            if (port is { } specificPort)
            {
                _exact.Add((host, specificPort));
            }
            else
            {
                _anyPort.Add(host);
            }
        }
    }

    public bool Allows(string host, int port)
    {
        var normalized = NormalizeHost(host);
        return _anyPort.Contains(normalized) || _exact.Contains((normalized, port));
    }

    public static bool TryParse(string entry, [NotNullWhen(true)] out string? host, out int? port)
    {
        host = null;
        port = null;
        entry = entry.Trim();

        string hostPart;
        string? portPart = null;
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            hostPart = entry[1..close];
            var rest = entry[(close + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':'))
                {
                    return false;
                }

                portPart = rest[1..];
            }

            if (!IPAddress.TryParse(hostPart, out _))
            {
                return false;
            }
        }
        else if (entry.Count(c => c == ':') == 1)
        {
            var colon = entry.IndexOf(':');
            hostPart = entry[..colon];
            portPart = entry[(colon + 1)..];
        }
        else
        {
            // No colon: a name or IPv4 address; several: a bare IPv6 address, which cannot carry a port.
            hostPart = entry;
            if (entry.Contains(':') && !IPAddress.TryParse(entry, out _))
            {
                return false;
            }
        }

        if (hostPart.Length == 0 || hostPart.Any(c => char.IsWhiteSpace(c) || c is '/' or '@' or '[' or ']'))
        {
            return false;
        }

        if (portPart is not null)
        {
            if (!int.TryParse(portPart, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedPort)
                || parsedPort is < 1 or > 65535)
            {
                return false;
            }

            port = parsedPort;
        }

        host = NormalizeHost(hostPart);
        return true;
    }

    /// <summary>
    /// One spelling per host: IP literals read as the guard reads them, in canonical form without a zone id (an entry
    /// names an address, not an interface); names lower-case without a trailing dot.
    /// </summary>
    private static string NormalizeHost(string host) =>
        IpLiteral.TryParse(host, out var address)
            ? new IPAddress(BlockedNetworks.Normalize(address).GetAddressBytes()).ToString()
            : host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
}
