using System.Text;
using System.Text.RegularExpressions;

namespace Amove.CloudAccounts.Connectors.Abstractions;

/// <summary>
/// Makes text that came from a provider fit to pass on to a client: no request headers or credentials it may echo,
/// no control or bidi formatting characters that could disguise it, and no more than a paragraph of it.
/// </summary>
public static partial class ProviderText
{
    /// <summary>The longest text a client is shown, including our own framing of the provider's reason.</summary>
    public const int MaxLength = 600;

    private const string Redacted = "[redacted]";

    /// <summary>
    /// Cleans <paramref name="text"/>: each of <paramref name="secrets"/> (e.g. the access key id) and every fragment
    /// that looks like an echoed authorization header or signature is replaced by "[redacted]", control and bidi
    /// formatting characters become spaces, runs of white space collapse, and anything over
    /// <paramref name="maxLength"/> characters is cut with an ellipsis.
    /// </summary>
    public static string Clean(string? text, int maxLength = MaxLength, params IEnumerable<string?> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        foreach (var secret in secrets)
        {
            // Short values would redact ordinary words; credentials are never that short.
            if (secret is { Length: >= 8 })
            {
                text = text.Replace(secret, Redacted, StringComparison.OrdinalIgnoreCase);
            }
        }

        text = EchoedCredentials().Replace(text, Redacted);

        var cleaned = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || IsHidden(c))
            {
                pendingSpace = cleaned.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                cleaned.Append(' ');
                pendingSpace = false;
            }

            cleaned.Append(c);
            if (cleaned.Length > maxLength)
            {
                break;
            }
        }

        if (cleaned.Length <= maxLength)
        {
            return cleaned.ToString();
        }

        // Never cut a surrogate pair in half.
        var cut = char.IsHighSurrogate(cleaned[maxLength - 1]) ? maxLength - 1 : maxLength;
        return cleaned.ToString(0, cut) + "…";
    }

    /// <summary>C0 and C1 controls, and the characters that reorder or hide text (bidi marks, embeddings, overrides, isolates).</summary>
    public static bool IsHidden(char c) =>
        char.IsControl(c)
        || c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')
        || c is '\u2028' or '\u2029' or '\uFEFF';

    // An Authorization or Proxy-Authorization header with its value, an AWS signature v4 value, the named parts of a
    // signature (Credential=, Signature=, SignedHeaders=, and their X-Amz- query forms), session tokens and bearer tokens.
    [GeneratedRegex(
        """
        (?:proxy-)?authorization\s*[:=]\s*[^\r\n<>"]*
        | \bAWS4-(?:HMAC|ECDSA)-SHA256\b[^\r\n<>"]*
        | \b(?:x-amz-)?(?:credential|signature|signedheaders|security-token)\s*[:=]\s*[^\s,;&<>"]*
        | \bbearer\s+[A-Za-z0-9\-._~+/]+=*
        """,
        RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex EchoedCredentials();
}
