using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Xml;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amove.CloudAccounts.Connectors.Abstractions;

namespace Amove.CloudAccounts.Connectors.S3;

/// <summary>
/// Reads the S3 error answers the AWS SDK throws as exceptions (status, error code, message, Retry-After) and hands them
/// to the shared <see cref="ProviderFailures.FromStatus"/>; what fails below HTTP is left to the platform.
/// </summary>
internal static class S3Failures
{
    // Provider messages are untrusted text passed on to clients: keep them to a sentence.
    private const int MaxProviderMessageLength = 300;

    private static readonly HashSet<string> CredentialErrorCodes =
    [
        "InvalidAccessKeyId", "SignatureDoesNotMatch", "AuthenticationLockout", "InvalidToken", "ExpiredToken",
    ];

    public static bool TryTranslateAnswer(
        Exception exception,
        CloudProvider provider,
        KeyPair keys,
        TimeProvider clock,
        [NotNullWhen(true)] out StorageProviderException? failure)
    {
        failure = exception switch
        {
            _ when ProviderFailures.IsBelowHttp(exception) => null,
            AmazonServiceException { StatusCode: >= HttpStatusCode.Ambiguous } response => FromResponse(response, provider, keys, clock),
            // A success status with a body the SDK cannot parse: probably not an S3 server at all.
            AmazonClientException or XmlException => new(
                ProviderFailure.Unavailable,
                $"{provider} answered with something that could not be read: {Cleaned(exception.Message, keys)}",
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

    private static StorageProviderException FromResponse(AmazonServiceException response, CloudProvider provider, KeyPair keys, TimeProvider clock)
    {
        var code = Cleaned(response.ErrorCode, keys);
        var reason = string.IsNullOrEmpty(code)
            ? null
            : string.IsNullOrEmpty(response.Message) || response.Message == response.ErrorCode
                ? code
                : $"{code} ({Cleaned(response.Message, keys)})";

        // S3's error codes are more precise than the statuses some S3-compatible servers send with them.
        var status = code switch
        {
            "AccessDenied" => 403,
            "NoSuchBucket" => 404,
            "SlowDown" => 503,
            _ => (int)response.StatusCode,
        };
        var retryAfter = ProviderFailures.RetryAfterOf(
            (response.InnerException as HttpErrorResponseException)?.Response?.GetHeaderValue("Retry-After"), clock.GetUtcNow());
        return ProviderFailures.FromStatus(
            provider, status, reason, retryAfter, response, credentialsRejected: CredentialErrorCodes.Contains(code));
    }

    // The provider's own words, kept to a sentence and cleaned of anything that echoes the request; the keys are
    // redacted by value, since a shared account's errors reach users who must not see its keys.
    private static string Cleaned(string? text, KeyPair keys) =>
        ProviderText.Clean(text, MaxProviderMessageLength, keys.AccessKey, keys.SecretKey);
}
