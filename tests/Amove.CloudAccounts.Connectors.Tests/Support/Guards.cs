using Amove.CloudAccounts.Connectors.Outbound;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors.Tests.Support;

internal static class Guards
{
    public static OutboundGuard Create(IHostResolver resolver, params string[] allowedHosts) =>
        new(Options.Create(new OutboundOptions { AllowedHosts = [.. allowedHosts] }), resolver);
}
