using System.Net.Http.Headers;
using System.Text.Json;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Http;
using Amove.CloudAccounts.Connectors.OAuth;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Abstractions.Store;
using Microsoft.Kiota.Serialization.Json;

namespace Amove.CloudAccounts.Connectors.OneDrive;

/// <summary>
/// The Kiota request adapter behind this connector's <c>GraphServiceClient</c>: Microsoft.Graph's request builders make the
/// requests and its models read the answers, but each request is sent by <see cref="OAuthSession.SendAsync"/> through the
/// connector's named client. So the token is renewed when it has expired, and once after a 401, exactly as for every other
/// OAuth provider; the guard, size cap, retries and attempt timeout of <see cref="ConnectorHttpClients"/> apply; and none of
/// Kiota's own middleware (its retry, redirect and CAE-claims handlers) runs, which would multiply our retries, follow
/// redirects the guard must see, or resend a 401 with the same token. Error answers are translated here, from Graph's
/// <c>{"error":{"code","message"}}</c>, rather than by Kiota, which cannot read a proxy's HTML page and would fail with an
/// exception of its own. One adapter serves one operation of one account; it only reads.
/// </summary>
internal sealed class OAuthSessionRequestAdapter(
    OAuthSession session, OAuthEndpoint endpoint, StorageCredentials credentials, TimeProvider clock) : IRequestAdapter
{
    private static readonly JsonParseNodeFactory Json = new();

    // The token the last request carried, so an error message that echoes it can be cleaned of it.
    private string? _lastAccessToken;

    public string? BaseUrl { get; set; }

    public ISerializationWriterFactory SerializationWriterFactory => SerializationWriterFactoryRegistry.DefaultInstance;

    // The models are only read once, never changed and sent back: there is nothing for a backing store to track.
    public void EnableBackingStore(IBackingStoreFactory backingStoreFactory)
    {
    }

    public async Task<TModel?> SendAsync<TModel>(
        RequestInformation requestInfo,
        ParsableFactory<TModel> factory,
        Dictionary<string, ParsableFactory<IParsable>>? errorMapping = null,
        CancellationToken cancellationToken = default)
        where TModel : IParsable
    {
        using var response = await session.SendAsync(endpoint, credentials, accessToken => ToHttpRequest(requestInfo, accessToken), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await response.FailureAsync(CloudProvider.OneDrive, ReasonOf, clock, cancellationToken);
        }

        // Read the whole (capped) body first: Kiota's parser would stop at the first byte of a body that is not JSON, and a
        // body over the cap must be reported as one.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        try
        {
            var root = await Json.GetRootParseNodeAsync("application/json", await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken);
            return root.GetObjectValue(factory);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            throw new StorageProviderException(
                ProviderFailure.Unavailable, "OneDrive answered with something that could not be read.", innerException: exception);
        }
    }

    public Task<IEnumerable<TModel>?> SendCollectionAsync<TModel>(
        RequestInformation requestInfo,
        ParsableFactory<TModel> factory,
        Dictionary<string, ParsableFactory<IParsable>>? errorMapping = null,
        CancellationToken cancellationToken = default)
        where TModel : IParsable => throw NotUsed();

    public Task<TModel?> SendPrimitiveAsync<TModel>(
        RequestInformation requestInfo,
        Dictionary<string, ParsableFactory<IParsable>>? errorMapping = null,
        CancellationToken cancellationToken = default) => throw NotUsed();

    public Task<IEnumerable<TModel>?> SendPrimitiveCollectionAsync<TModel>(
        RequestInformation requestInfo,
        Dictionary<string, ParsableFactory<IParsable>>? errorMapping = null,
        CancellationToken cancellationToken = default) => throw NotUsed();

    public Task SendNoContentAsync(
        RequestInformation requestInfo,
        Dictionary<string, ParsableFactory<IParsable>>? errorMapping = null,
        CancellationToken cancellationToken = default) => throw NotUsed();

    public Task<T?> ConvertToNativeRequestAsync<T>(RequestInformation requestInfo, CancellationToken cancellationToken = default) => throw NotUsed();

    private static NotSupportedException NotUsed() => new("The OneDrive connector only reads JSON objects through Microsoft Graph.");

    private HttpRequestMessage ToHttpRequest(RequestInformation requestInfo, string accessToken)
    {
        if (requestInfo.HttpMethod != Method.GET)
        {
            throw NotUsed();
        }

        _lastAccessToken = accessToken;
        var request = new HttpRequestMessage(HttpMethod.Get, requestInfo.URI);
        foreach (var (name, values) in requestInfo.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, values);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    // {"error":{"code":"itemNotFound","message":"The resource could not be found."}}
    private string? ReasonOf(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var parts = new[] { "code", "message" }
            .Select(name => error.TryGetProperty(name, out var part) && part.ValueKind == JsonValueKind.String ? part.GetString() : null)
            .Where(part => !string.IsNullOrWhiteSpace(part));
        return ProviderText.Clean(string.Join(": ", parts), secrets: [_lastAccessToken, credentials.Tokens?.AccessToken, credentials.Tokens?.RefreshToken]);
    }
}
