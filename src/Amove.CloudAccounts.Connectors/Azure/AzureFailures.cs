using System.Diagnostics.CodeAnalysis;
using System.Xml;
using Amove.CloudAccounts.Connectors.Abstractions;
using Azure;

namespace Amove.CloudAccounts.Connectors.Azure;

/// <summary>
/// Reads the error answers Azure.Storage.Blobs throws as <see cref="RequestFailedException"/>s (status, error code, the
/// first line of the message, Retry-After) and hands them to the shared <see cref="ProviderFailures.FromStatus"/>; what
/// fails below HTTP is left to the platform.
/// </summary>
internal static class AzureFailures
{
    // Provider messages are untrusted text passed on to clients: keep them to a sentence.
    private const int MaxProviderMessageLength = 300;

    // The key did not sign the request as the service expected. Azurite says AuthorizationFailure for a wrong key, which
    // Azure uses for a firewall or permission refusal too: both are access failures, only the wording differs.
    private const string CredentialsRejectedCode = "AuthenticationFailed";

    public static bool TryTranslateAnswer(
        Exception exception,
        KeyPair keys,
        TimeProvider clock,
        [NotNullWhen(true)] out StorageProviderException? failure)
    {
        failure = exception switch
        {
            _ when ProviderFailures.IsBelowHttp(exception) => null,
            RequestFailedException { Status: >= 300 } answer => FromAnswer(answer, keys, clock),
            // A success status with a body the SDK cannot parse: probably not an Azure Blob endpoint at all.
            RequestFailedException or XmlException => new(
                ProviderFailure.Unavailable,
                $"{CloudProvider.Azure} answered with something that could not be read: {FirstLine(exception.Message, keys)}",
                innerException: exception),
            _ => null,
        };
        return failure is not null;
    }

    private static StorageProviderException FromAnswer(RequestFailedException answer, KeyPair keys, TimeProvider clock)
    {
        var code = ProviderText.Clean(answer.ErrorCode, MaxProviderMessageLength, keys.AccessKey, keys.SecretKey);
        var message = FirstLine(answer.Message, keys);
        var reason = string.IsNullOrEmpty(code)
            ? message
            : string.IsNullOrEmpty(message) || message == code ? code : $"{code} ({message})";

        string? retryAfterHeader = null;
        answer.GetRawResponse()?.Headers.TryGetValue("Retry-After", out retryAfterHeader);
        return ProviderFailures.FromStatus(
            CloudProvider.Azure,
            answer.Status,
            reason,
            ProviderFailures.RetryAfterOf(retryAfterHeader, clock.GetUtcNow()),
            answer,
            credentialsRejected: answer.ErrorCode == CredentialsRejectedCode);
    }

    // Azure's messages go on with "RequestId:...", "Time:..." and the SDK's dump of the response ("Status: 403 ...",
    // "ErrorCode: ...", headers): the first line is the provider's own sentence.
    private static string FirstLine(string? text, KeyPair keys)
    {
        var firstLine = text?.Split(['\r', '\n'], 2, StringSplitOptions.None)[0];
        return ProviderText.Clean(firstLine, MaxProviderMessageLength, keys.AccessKey, keys.SecretKey);
    }
}
