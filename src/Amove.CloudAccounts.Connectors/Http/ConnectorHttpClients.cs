using System.Net;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Outbound;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace Amove.CloudAccounts.Connectors.Http;

/// <summary>
/// The HTTP plumbing every connector shares: named <see cref="IHttpClientFactory"/> clients whose primary handler is
/// the <see cref="OutboundGuard"/>'s, whose response bodies are capped at <see cref="ConnectorsOptions.MaxResponseBytes"/>,
/// and whose calls are retried and timed out by Microsoft.Extensions.Http.Resilience as <see cref="ConnectorsOptions"/>
/// says, behind a circuit breaker per provider host (<see cref="CircuitBreakerSettings"/>). The deadline of the whole operation is the platform's (<see cref="Platform.BoundedStorageConnector"/>).
/// </summary>
public static class ConnectorHttpClients
{
    private static readonly HttpRequestOptionsKey<bool> SafeToRepeat = new("Amove.Connectors.SafeToRepeat");

    /// <summary>
    /// Marks a request that only reads, though its method is POST (Dropbox lists folders with POST): it may be retried
    /// like a GET.
    /// </summary>
    public static HttpRequestMessage MarkSafeToRepeat(this HttpRequestMessage request)
    {
        request.Options.Set(SafeToRepeat, true);
        return request;
    }

    /// <summary>The named client of one connector type.</summary>
    public static string NameOf(Type connectorType) => $"Amove.Connectors.{connectorType.Name}";

    internal static void AddConnectorHttpClient(this IServiceCollection services, string name) =>
        services.AddHttpClient(name)
            // The platform's deadline and the attempt timeout below bound every call; HttpClient's own 100 s would only
            // hide which one fired.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<OutboundGuard>().CreateHandler())
            // Outermost, so an oversized answer is refused once rather than retried.
            .AddHttpMessageHandler(provider =>
                new ResponseSizeLimitHandler(provider.GetRequiredService<IOptions<ConnectorsOptions>>().Value.MaxResponseBytes))
            .AddResilienceHandler("provider", (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<ConnectorsOptions>>().Value;
                if (settings.MaxRetries > 0)
                {
                    var maxRetryAfter = TimeSpan.FromSeconds(settings.MaxRetryAfterSeconds);
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = settings.MaxRetries,
                        Delay = TimeSpan.FromMilliseconds(settings.RetryDelayMilliseconds),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = true,
                        ShouldHandle = arguments => ValueTask.FromResult(
                            IsIdempotent(arguments.Context.GetRequestMessage()) && IsTransient(arguments.Outcome, maxRetryAfter)),
                    });
                }

                // Inside the retries, so each attempt counts, and an open circuit stops the retries too.
                pipeline.AddProviderCircuitBreaker(settings.CircuitBreaker);
                pipeline.AddTimeout(TimeSpan.FromSeconds(settings.AttemptTimeoutSeconds));
            })
            // One pipeline, so one circuit, per provider host: a dead endpoint does not hold up the others.
            .SelectPipelineByAuthority();

    /// <summary>
    /// Adds the circuit breaker of one provider host, as <paramref name="settings"/> says (nothing when it is disabled).
    /// Shared with the clients of other provider APIs (the hosted-storage reseller API), which select one per host too.
    /// </summary>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddProviderCircuitBreaker(
        this ResiliencePipelineBuilder<HttpResponseMessage> pipeline, CircuitBreakerSettings settings) =>
        settings.Enabled
            ? pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(settings.SamplingDurationSeconds),
                BreakDuration = TimeSpan.FromSeconds(settings.BreakDurationSeconds),
                ShouldHandle = arguments => ValueTask.FromResult(IsHostFailure(arguments.Outcome)),
            })
            : pipeline;

    // What says the host itself is failing. Throttling is one account's business on a shared host (s3.amazonaws.com), and
    // a refused destination or an oversized answer says nothing about the host's health.
    private static bool IsHostFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: { } exception } => ProviderFailures.IsBelowHttp(exception)
            && exception is not (OperationCanceledException or StorageProviderException) && !IsRefusedForGood(exception),
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout,
        _ => false,
    };

    // A token request or any other POST may have taken effect before it failed: it is never sent twice, unless marked.
    private static bool IsIdempotent(HttpRequestMessage? request) =>
        request is not null
        && ((request.Options.TryGetValue(SafeToRepeat, out var safe) && safe)
            || request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Put
            || request.Method == HttpMethod.Delete || request.Method == HttpMethod.Options);

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter) => outcome switch
    {
        // A refused destination or an oversized body would fail the same way again. A connection that broke before any
        // answer has already been tried on fresh connections by SocketsHttpHandler itself (up to 4 times): once more
        // here would make 12 provider calls of one.
        { Exception: { } exception } => ProviderFailures.IsBelowHttp(exception) && exception is not StorageProviderException
            && !IsRefusedForGood(exception) && !EndedBeforeAnswering(exception),
        { Result: { } response } => IsTransientStatus(response.StatusCode) && !AsksToWaitLongerThan(response, maxRetryAfter),
        _ => false,
    };

    private static bool EndedBeforeAnswering(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRefusedForGood(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            // An open circuit would be open again on the next attempt: it says when to come back instead.
            if (current is OutboundBlockedException or ResponseTooLargeException or BrokenCircuitException)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static bool AsksToWaitLongerThan(HttpResponseMessage response, TimeSpan maxRetryAfter)
    {
        var retryAfter = response.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return delay > maxRetryAfter;
    }
}
