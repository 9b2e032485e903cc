using System.Globalization;

namespace Amove.CloudAccounts.Connectors.Http;

/// <summary>A provider's response body was larger than <see cref="ConnectorsOptions.MaxResponseBytes"/>.</summary>
/// <remarks>Not an <see cref="IOException"/> on purpose: SDKs retry I/O failures, and a provider that sent too much once
/// would only be asked to send it again.</remarks>
public sealed class ResponseTooLargeException(long maxBytes)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"The provider answered with more than {maxBytes} bytes."))
{
    public long MaxBytes { get; } = maxBytes;
}
