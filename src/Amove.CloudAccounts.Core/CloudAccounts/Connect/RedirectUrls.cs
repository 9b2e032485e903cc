using System.Diagnostics.CodeAnalysis;

namespace Amove.CloudAccounts.Core.CloudAccounts.Connect;

/// <summary>
/// Redirect URLs as the connect flows compare them: absolute http(s), no user information (it would be logged and sent to
/// the provider) and no fragment (RFC 6749 §3.1.2 forbids one); equal when scheme, host, port, path and query are, with
/// scheme and host compared case-insensitively and a default port the same as none.
/// </summary>
public static class RedirectUrls
{
    public const int MaxLength = 2048;

    public static bool TryParse(string? text, [NotNullWhen(true)] out Uri? url)
    {
        url = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength
            || !Uri.TryCreate(text, UriKind.Absolute, out var parsed)
            || parsed.Scheme is not ("http" or "https")
            || parsed.Host.Length == 0
            || parsed.UserInfo.Length > 0
            || text.Contains('#', StringComparison.Ordinal))
        {
            return false;
        }

        url = parsed;
        return true;
    }

    /// <summary>The form two redirect URLs are compared in.</summary>
    public static string Normalized(Uri url) => url.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);

    public static bool AreEqual(Uri left, Uri right) => string.Equals(Normalized(left), Normalized(right), StringComparison.Ordinal);
}
