namespace Amove.CloudAccounts.Connectors.Abstractions;

/// <summary>Why a provider call failed, in terms a client can act on.</summary>
public enum ProviderFailure
{
    /// <summary>The provider rejected the credentials or denied the operation.</summary>
    AccessDenied,

    /// <summary>The bucket, container or folder does not exist.</summary>
    NotFound,

    /// <summary>The provider rejected the request itself (e.g. an invalid bucket name).</summary>
    InvalidRequest,

    /// <summary>The provider kept throttling after retries.</summary>
    Throttled,

    /// <summary>The provider could not be reached or answered with a server error.</summary>
    Unavailable,

    /// <summary>The provider did not answer within the configured timeout.</summary>
    TimedOut,

    /// <summary>The outbound guard refused the destination address.</summary>
    Blocked,

    /// <summary>
    /// The provider answered with more than this service takes from a provider: a body over
    /// <see cref="ConnectorsOptions.MaxResponseBytes"/>, more buckets or pages than configured, or a page with more
    /// entries than were asked for.
    /// </summary>
    Oversized,
}

/// <summary>
/// A provider call failed; the message carries the provider's own reason, which is passed on to the client, so it is
/// cleaned here once for every connector (<see cref="ProviderText.Clean"/>).
/// </summary>
public sealed class StorageProviderException(
    ProviderFailure failure,
    string message,
    TimeSpan? retryAfter = null,
    Exception? innerException = null) : Exception(ProviderText.Clean(message), innerException)
{
    public ProviderFailure Failure { get; } = failure;

    /// <summary>The provider's Retry-After, passed on to the client when present.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
