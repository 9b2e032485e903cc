using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Http;
using Amove.CloudAccounts.Connectors.Outbound;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace Amove.CloudAccounts.Infrastructure.AmoveStorage.IDriveE2;

/// <summary>
/// Calls the reseller API: the key in the <c>token</c> header, JSON both ways, one attempt per call (create_user and
/// create_access_key must never run twice) bounded by <see cref="IDriveE2Options.TimeoutSeconds"/> on the
/// <see cref="TimeProvider"/>, and every failure turned into a <see cref="StorageProviderException"/> whose kind decides
/// the client's 499 code.
/// </summary>
internal sealed partial class IDriveE2Client(
    IHttpClientFactory httpClients, IOptions<IDriveE2Options> options, TimeProvider clock, ILogger<IDriveE2Client> logger)
{
    public const string HttpClientName = "Amove.IDriveE2";

    // e2's own words are passed on to the client: keep them to a sentence or two.
    private const int MaxReasonLength = 300;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    /// <summary>Sends one operation and returns its JSON answer (a detached copy).</summary>
    public async Task<JsonElement> SendAsync(IDriveE2Operation operation, object? body, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var deadline = new CancellationTokenSource(settings.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var request = new HttpRequestMessage(operation.Method, operation.Path);
            request.Headers.TryAddWithoutValidation(IDriveE2Api.TokenHeader, settings.ApiKey?.Trim());
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, body.GetType(), options: Json);
            }

            using var response = await httpClients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var bytes = await response.Content.ReadAsByteArrayAsync(linked.Token);
            var answer = Parse(bytes);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(operation, response, answer);
            }

            if (bytes.Length == 0)
            {
                // Nothing to read (a remove answered 204, say): the operations that need an answer refuse an undefined one.
                return default;
            }

            if (answer is not { } json)
            {
                throw IDriveE2Api.Unreadable(operation, "not JSON");
            }

            // An error body under a 200 is still an error.
            if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var error)
                && error.ValueKind is JsonValueKind.Object or JsonValueKind.String)
            {
                throw Failure(operation, response, json, status: 400);
            }

            IDriveE2Api.EnsureDone(operation, json);
            return json;
        }
        catch (Exception exception) when (Translate(exception, cancellationToken, deadline.IsCancellationRequested, settings) is { } failure)
        {
            throw failure;
        }
    }

    private static JsonElement? Parse(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private StorageProviderException Failure(IDriveE2Operation operation, HttpResponseMessage response, JsonElement? body, int? status = null)
    {
        var code = status ?? (int)response.StatusCode;
        var (_, errorCode, message, details) = body is { } json ? IDriveE2Api.ReadError(json) : (null, null, null, []);
        var reason = string.Join(" ", new[] { message, details.Count > 0 ? $"({string.Join("; ", details)})" : null }.Where(p => p is not null));
        reason = ProviderText.Clean(
            string.IsNullOrWhiteSpace(reason)
                ? string.Create(CultureInfo.InvariantCulture, $"HTTP {code} {(HttpStatusCode)code}")
                : errorCode is null ? reason : $"{reason} [{errorCode}]",
            MaxReasonLength,
            options.Value.ApiKey?.Trim());

        var (failure, text) = code switch
        {
            // Our reseller key, not the user's credentials: nothing the user can fix, so never ACCESS and never our 401.
            401 => (ProviderFailure.Unavailable, $"IDrive e2 refused this server's reseller API key: {reason}"),
            403 => (ProviderFailure.Unavailable, $"IDrive e2 refused {operation} for this server's reseller account: {reason}"),
            404 or 405 => (ProviderFailure.Unavailable, $"IDrive e2 has no operation {operation} at the configured address: {reason}"),
            429 or 503 => (ProviderFailure.Throttled, $"IDrive e2 is throttling requests: {reason}"),
            >= 500 => (ProviderFailure.Unavailable, $"IDrive e2 failed with a server error: {reason}"),
            >= 300 and < 400 => (ProviderFailure.Unavailable, $"IDrive e2 answered with a redirect, which is not followed: {reason}"),
            _ => (ProviderFailure.InvalidRequest, $"IDrive e2 rejected {operation}: {reason}"),
        };

        if (code is 401 or 403)
        {
            LogKeyRefused(logger, operation.Path, code);
        }

        var retryAfter = failure == ProviderFailure.Throttled
            ? ProviderFailures.RetryAfterOf(response.Headers.RetryAfter?.ToString(), clock.GetUtcNow())
            : null;
        return new StorageProviderException(failure, text, retryAfter);
    }

    /// <summary>
    /// What failed below e2's answers, as the client is told it. Null for the caller's own cancellation (which must stay an
    /// <see cref="OperationCanceledException"/>) and for anything unforeseen (a bug, which must surface as it is).
    /// </summary>
    private static StorageProviderException? Translate(
        Exception exception, CancellationToken callerToken, bool timedOut, IDriveE2Options settings) =>
        exception switch
        {
            OperationCanceledException when callerToken.IsCancellationRequested => null,
            StorageProviderException => null,
            _ when Has<ResponseTooLargeException>(exception) => new(
                ProviderFailure.Oversized,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"IDrive e2 answered with more than {settings.MaxResponseBytes} bytes, more than this server reads from it."),
                innerException: exception),
            _ when Find<BrokenCircuitException>(exception) is { } open => CircuitOpen(open),
            _ when Has<OutboundBlockedException>(exception) =>
                new(ProviderFailure.Blocked, "The configured IDrive e2 address is not allowed.", innerException: exception),
            _ when timedOut || exception is OperationCanceledException => new(
                ProviderFailure.TimedOut,
                string.Create(CultureInfo.InvariantCulture, $"IDrive e2 did not answer within the {settings.TimeoutSeconds}-second limit."),
                innerException: exception),
            _ when Has<HttpRequestException>(exception) || Has<IOException>(exception) || Has<SocketException>(exception) =>
                new(ProviderFailure.Unavailable, "IDrive e2 could not be reached.", innerException: exception),
            _ => null,
        };

    private static StorageProviderException CircuitOpen(BrokenCircuitException open)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((open.RetryAfter ?? TimeSpan.Zero).TotalSeconds));
        return new(
            ProviderFailure.Unavailable,
            string.Create(
                CultureInfo.InvariantCulture,
                $"IDrive e2 is unavailable: its recent calls kept failing, so it is not called for now; try again in {seconds} s."),
            TimeSpan.FromSeconds(seconds),
            open);
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "IDrive e2 refused {Operation} with HTTP {Status}: check AmoveStorage:IDriveE2:ApiKey")]
    private static partial void LogKeyRefused(ILogger logger, string operation, int status);
}
