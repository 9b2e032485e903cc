using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Amove.CloudAccounts.Connectors.Http;
using Amove.CloudAccounts.Connectors.Outbound;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Amove.CloudAccounts.Connectors.Abstractions;

/// <summary>
/// The one translation of provider failures into <see cref="StorageProviderException"/>s, shared by every connector:
/// <see cref="FromStatus"/> for an error answer (each connector reads its provider's status, code and message), and
/// <see cref="TryTranslate"/> for everything below HTTP (refused destinations, oversized bodies, timeouts, networks),
/// which the platform applies to every call.
/// </summary>
public static class ProviderFailures
{
    /// <summary>The provider answered <paramref name="status"/>; <paramref name="reason"/> is its own code and message.</summary>
    /// <param name="credentialsRejected">The provider said the credentials themselves are wrong, whatever the status.</param>
    public static StorageProviderException FromStatus(
        CloudProvider provider,
        int status,
        string? reason,
        TimeSpan? retryAfter = null,
        Exception? innerException = null,
        bool credentialsRejected = false)
    {
        reason = string.IsNullOrWhiteSpace(reason)
            ? $"HTTP {status.ToString(CultureInfo.InvariantCulture)} {(HttpStatusCode)status}"
            : reason;
        var (failure, message) = status switch
        {
            _ when credentialsRejected || status == 401 => (ProviderFailure.AccessDenied, $"{provider} rejected the credentials: {reason}"),
            403 => (ProviderFailure.AccessDenied, $"{provider} denied access: {reason}"),
            404 or 410 => (ProviderFailure.NotFound, $"{provider} could not find the bucket or folder: {reason}"),
            429 or 503 => (ProviderFailure.Throttled, $"{provider} is throttling requests: {reason}"),
            >= 500 => (ProviderFailure.Unavailable, $"{provider} failed with a server error: {reason}"),
            >= 300 and < 400 => (ProviderFailure.InvalidRequest,
                $"{provider} answered with a redirect, which is not followed; check the service URL and region: {reason}"),
            _ => (ProviderFailure.InvalidRequest, $"{provider} rejected the request: {reason}"),
        };
        return new StorageProviderException(failure, message, failure == ProviderFailure.Throttled ? retryAfter : null, innerException);
    }

    /// <summary>A folder the provider answered for with no entries and no marker: it does not exist.</summary>
    public static StorageProviderException FolderNotFound(CloudProvider provider, string folderPath) =>
        new(ProviderFailure.NotFound, $"{provider} has no folder '{folderPath}' in this bucket.");

    /// <summary>
    /// Translates what fails below the provider's answers: the outbound guard's refusal, an oversized body, the deadline
    /// or an attempt timing out, and network failures. False for the caller's own cancellation, which must surface as
    /// <see cref="OperationCanceledException"/>, and for anything else (a bug), which must surface unchanged.
    /// </summary>
    public static bool TryTranslate(
        Exception exception,
        CloudProvider provider,
        TimeSpan timeout,
        CancellationToken callerToken,
        [NotNullWhen(true)] out StorageProviderException? failure)
    {
        failure = exception switch
        {
            OperationCanceledException when callerToken.IsCancellationRequested => null,
            StorageProviderException ours => ours,
            _ when Find<OutboundBlockedException>(exception) is { } blocked =>
                new(ProviderFailure.Blocked, blocked.Message, innerException: exception),
            _ when Find<ResponseTooLargeException>(exception) is { } tooLarge => new(
                ProviderFailure.Oversized,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{provider} answered with more than {tooLarge.MaxBytes} bytes, more than this service reads from a provider."),
                innerException: exception),
            _ when Find<BrokenCircuitException>(exception) is { } open => CircuitOpen(provider, open),
            _ when exception is OperationCanceledException || Has<TimeoutRejectedException>(exception) || Has<TimeoutException>(exception) => new(
                ProviderFailure.TimedOut,
                string.Create(CultureInfo.InvariantCulture, $"{provider} did not answer within the {timeout.TotalSeconds:0}-second limit."),
                innerException: exception),
            _ when IsNetworkFailure(exception) =>
                new(ProviderFailure.Unavailable, $"{provider} could not be reached.", innerException: exception),
            _ => null,
        };
        return failure is not null;
    }

    /// <summary>
    /// True when <paramref name="exception"/> is one that <see cref="TryTranslate"/> handles, so a connector's own catch
    /// filters (for its SDK's error answers) can leave it to the platform.
    /// </summary>
    public static bool IsBelowHttp(Exception exception) =>
        exception is OperationCanceledException or StorageProviderException
        || Has<OutboundBlockedException>(exception)
        || Has<BrokenCircuitException>(exception)
        || Has<ResponseTooLargeException>(exception)
        || Has<TimeoutRejectedException>(exception)
        || Has<TimeoutException>(exception)
        || IsNetworkFailure(exception);

    /// <summary>A <c>Retry-After</c> value (seconds or an HTTP date) as a delay from <paramref name="now"/>.</summary>
    public static TimeSpan? RetryAfterOf(string? header, DateTimeOffset now)
    {
        if (!RetryConditionHeaderValue.TryParse(header, out var retryAfter))
        {
            return null;
        }

        return retryAfter.Delta ?? (retryAfter.Date is { } date ? (date > now ? date - now : TimeSpan.Zero) : null);
    }

    /// <summary>
    /// The provider host's circuit is open (<see cref="CircuitBreakerSettings"/>): no call was made. The client is told when
    /// to come back, in the message and in <c>Retry-After</c>.
    /// </summary>
    public static StorageProviderException CircuitOpen(CloudProvider provider, BrokenCircuitException open)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((open.RetryAfter ?? TimeSpan.Zero).TotalSeconds));
        return new(
            ProviderFailure.Unavailable,
            string.Create(
                CultureInfo.InvariantCulture,
                $"{provider} is unavailable: its recent calls kept failing, so it is not called for now; try again in {seconds} s."),
            TimeSpan.FromSeconds(seconds),
            open);
    }

    private static bool IsNetworkFailure(Exception exception) =>
        Has<HttpRequestException>(exception) || Has<SocketException>(exception) || Has<IOException>(exception);

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

            if (current is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(found => found is not null);
            }
        }

        return null;
    }
}
