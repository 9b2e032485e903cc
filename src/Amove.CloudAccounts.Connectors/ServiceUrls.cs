using System.Diagnostics.CodeAnalysis;

namespace Amove.CloudAccounts.Connectors;

/// <summary>The one definition of a usable service URL: absolute, http or https.</summary>
public static class ServiceUrls
{
    public static bool TryParse(string? value, [NotNullWhen(true)] out Uri? url) =>
        Uri.TryCreate(value, UriKind.Absolute, out url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}
