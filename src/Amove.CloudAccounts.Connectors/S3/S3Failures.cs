using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Xml;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Http;
using Amove.CloudAccounts.Connectors.Outbound;

namespace Amove.CloudAccounts.Connectors.S3;

/// <summary>Turns what the AWS SDK throws into a <see cref="StorageProviderException"/> a client can act on.</summary>
internal static class S3Failures
{
    // Provider messages are untrusted text passed on to clients: keep them to a sentence.
    private const int MaxProviderMessageLength = 300;

    private static readonly HashSet<string> CredentialErrorCodes =
    [
        "InvalidAccessKeyId", "SignatureDoesNotMatch", "AuthenticationLockout", "InvalidToken", "ExpiredToken",
    ];

    /// <summary>
    /// False for the caller's own cancellation, which must surface as <see cref="OperationCanceledException"/>, and for
    /// exceptions that are not provider failures (bugs), which must surface unchanged.
    /// </summary>
    public static bool TryTranslate(
        Exception exception,
        StorageCredentials credentials,
        TimeSpan timeout,
        CancellationToken callerToken,
        [NotNullWhen(true)] out StorageProviderException? failure)
    {
        var provider = credentials.Provider;
        failure = exception switch
        {
            OperationCanceledException when callerToken.IsCancellationRequested => null,
            // Already ours (e.g. a bound the connector enforces itself).
            StorageProviderException ours => ours,
            _ when Find<OutboundBlockedException>(exception) is { } blocked =>
                new(ProviderFailure.Blocked, blocked.Message, innerException: exception),
            _ when Find<ResponseTooLargeException>(exception) is { } tooLarge => new(
                ProviderFailure.Oversized,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{provider} answered with more than {tooLarge.MaxBytes} bytes, more than this service reads from a provider."),
                innerException: exception),
            AmazonServiceException { StatusCode: >= HttpStatusCode.Ambiguous } response => FromResponse(response, credentials),
            _ when exception is OperationCanceledException || Has<TimeoutException>(exception) => new(
                ProviderFailure.TimedOut,
                $"{provider} did not answer within the {timeout.TotalSeconds:0}-second limit.",
                innerException: exception),
            _ when Has<HttpRequestException>(exception) || Has<SocketException>(exception) || Has<IOException>(exception) =>
                new(ProviderFailure.Unavailable, $"{provider} could not be reached.", innerException: exception),
            // A success status with a body the SDK cannot parse: probably not an S3 server at all.
            AmazonClientException or XmlException => new(
                ProviderFailure.Unavailable,
                $"{provider} answered with something that could not be read: {Cleaned(exception.Message, credentials)}",
                innerException: exception),
            _ => null,
        };
        return failure is not null;
    }

    /// <summary>
    /// One bucket's region is not ours to see, the server does not report regions, or the bucket was deleted since it
    /// was listed: none of these should fail the whole listing.
    /// </summary>
    public static bool IsRegionUnavailable(AmazonServiceException exception) =>
        exception.ErrorCode is "AccessDenied" or "NotImplemented" or "NoSuchBucket"
        || exception.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotImplemented or HttpStatusCode.NotFound;

    private static StorageProviderException FromResponse(AmazonServiceException response, StorageCredentials credentials)
    {
        var provider = credentials.Provider;
        var code = Cleaned(response.ErrorCode, credentials);
        var status = (int)response.StatusCode;
        var reason = string.IsNullOrEmpty(code)
            ? $"HTTP {status} {response.StatusCode}"
            : string.IsNullOrEmpty(response.Message) || response.Message == response.ErrorCode
                ? code
                : $"{code} ({Cleaned(response.Message, credentials)})";

        var (failure, message) = (code, status) switch
        {
            _ when CredentialErrorCodes.Contains(code) || status == 401 =>
                (ProviderFailure.AccessDenied, $"{provider} rejected the credentials: {reason}"),
            ("AccessDenied", _) or (_, 403) => (ProviderFailure.AccessDenied, $"{provider} denied access: {reason}"),
            ("NoSuchBucket", _) or (_, 404) => (ProviderFailure.NotFound, $"{provider} could not find the bucket: {reason}"),
            ("SlowDown", _) or (_, 429 or 503) => (ProviderFailure.Throttled, $"{provider} is throttling requests: {reason}"),
            (_, >= 500) => (ProviderFailure.Unavailable, $"{provider} failed with a server error: {reason}"),
            (_, >= 300 and < 400) => (ProviderFailure.InvalidRequest,
                $"{provider} answered with a redirect, which is not followed; check the service URL and region: {reason}"),
            _ => (ProviderFailure.InvalidRequest, $"{provider} rejected the request: {reason}"),
        };

        var retryAfter = failure == ProviderFailure.Throttled ? RetryAfterOf(response) : null;
        return new StorageProviderException(failure, message, retryAfter, response);
    }

    // The SDK keeps the HTTP response (headers included) on the exception it wraps.
    private static TimeSpan? RetryAfterOf(AmazonServiceException response)
    {
        var header = (response.InnerException as HttpErrorResponseException)?.Response?.GetHeaderValue("Retry-After");
        if (!RetryConditionHeaderValue.TryParse(header, out var retryAfter))
        {
            return null;
        }

        return retryAfter.Delta ?? (retryAfter.Date is { } date ? Max(date - DateTimeOffset.UtcNow, TimeSpan.Zero) : null);
    }

    private static TimeSpan Max(TimeSpan left, TimeSpan right) => left > right ? left : right;

    // The provider's own words, kept to a sentence and cleaned of anything that echoes the request; the keys are
    // redacted by value, since a shared account's errors reach users who must not see its keys.
    private static string Cleaned(string? text, StorageCredentials credentials) =>
        ProviderText.Clean(text, MaxProviderMessageLength, credentials.AccessKey, credentials.SecretKey);

    private static bool Has<T>(Exception exception)
        where T : Exception => Find<T>(exception) is not null;

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
