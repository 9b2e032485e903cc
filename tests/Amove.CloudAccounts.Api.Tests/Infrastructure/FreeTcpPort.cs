using System.Net;
using System.Net.Sockets;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

public static class FreeTcpPort
{
    /// <summary>A loopback port nothing listens on (bound, read, released).</summary>
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
