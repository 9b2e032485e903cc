using System.Text.Json;
using Amove.CloudAccounts.Connectors.Abstractions;

namespace Amove.CloudAccounts.Connectors.Http;

/// <summary>Reading a REST provider's JSON answers, the same way for every connector that speaks JSON over HTTP.</summary>
public static class ProviderResponses
{
    // Provider messages are untrusted text passed on to clients: keep them to a sentence.
    private const int MaxReasonLength = 300;

    /// <summary>A success answer's JSON body; one that cannot be read is <see cref="ProviderFailure.Unavailable"/>.</summary>
    public static async Task<T> ReadJsonAsync<T>(
        this HttpResponseMessage response, CloudProvider provider, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        // Read whole first (the body is capped at MaxResponseBytes): an answer that is both too large and not JSON is
        // reported as too large, whatever its first bytes are.
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<T>(body, options) ?? throw new JsonException("The body is null.");
        }
        catch (JsonException exception)
        {
            throw new StorageProviderException(
                ProviderFailure.Unavailable, $"{provider} answered with something that could not be read.", innerException: exception);
        }
    }

    /// <summary>
    /// The failure an error answer stands for (<see cref="ProviderFailures.FromStatus"/>), with the provider's reason taken
    /// from its JSON body by <paramref name="reasonOf"/> (null: the status alone) and its <c>Retry-After</c>.
    /// </summary>
    public static async Task<StorageProviderException> FailureAsync(
        this HttpResponseMessage response,
        CloudProvider provider,
        Func<JsonElement, string?> reasonOf,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        string? reason = null;
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            reason = reasonOf(body.RootElement);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            // Not JSON, or not the provider's error shape (a proxy's HTML page): the status says enough.
        }

        return ProviderFailures.FromStatus(
            provider,
            (int)response.StatusCode,
            ProviderText.Clean(reason, MaxReasonLength),
            ProviderFailures.RetryAfterOf(response.Headers.RetryAfter?.ToString(), clock.GetUtcNow()));
    }
}
