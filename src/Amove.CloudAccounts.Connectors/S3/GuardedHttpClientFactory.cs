using Amazon.Runtime;

namespace Amove.CloudAccounts.Connectors.S3;

/// <summary>
/// Gives the AWS SDK HttpClients over the outbound guard's shared handler, so every S3 connection is vetted, no
/// redirect is followed and no response body is read past the size cap. The SDK applies neither its timeout nor its
/// redirect setting to a custom factory's clients; the connector bounds each operation as a whole instead.
/// </summary>
internal sealed class GuardedHttpClientFactory(HttpMessageHandler guardedHandler) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(guardedHandler, disposeHandler: false) { Timeout = clientConfig.Timeout ?? Timeout.InfiniteTimeSpan };

    // The clients are thin wrappers around one pooled handler: nothing to cache, and disposing them keeps the pool.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;
}
