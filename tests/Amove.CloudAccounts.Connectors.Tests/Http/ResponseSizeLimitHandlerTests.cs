using Amove.CloudAccounts.Connectors.Http;
using Amove.CloudAccounts.Connectors.Tests.Support;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Connectors.Tests.Http;

/// <summary>The size cap every provider response goes through, with a real socket underneath.</summary>
public sealed class ResponseSizeLimitHandlerTests
{
    private const long Cap = 64 * 1024;

    private static HttpClient ClientFor(LoopbackHttpServer server) =>
        new(new ResponseSizeLimitHandler(PlatformConnectors.Guard(FakeHostResolver.NeverCalled(), server.HostAndPort).CreateHandler(), Cap));

    private static LoopbackHttpServer ServerSending(long bodyBytes, bool declareLength) =>
        LoopbackHttpServer.Streaming(_ => StreamedResponse.RepeatedXml("<a>", "x", "</a>", bodyBytes, declareLength));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Passes_a_body_of_exactly_the_cap_through_unchanged(bool declareLength)
    {
        await using var server = ServerSending(Cap, declareLength);
        using var client = ClientFor(server);

        var body = await client.GetStringAsync(server.Url);

        Assert.Equal(Cap, body.Length);
        Assert.StartsWith("<a>xxx", body);
        Assert.EndsWith("xxx</a>", body);
    }

    [Fact]
    public async Task Refuses_a_declared_length_over_the_cap_before_reading_the_body()
    {
        await using var server = ServerSending(Cap + 1, declareLength: true);
        using var client = ClientFor(server);

        var refusal = await Assert.ThrowsAsync<ResponseTooLargeException>(
            () => client.SendAsync(new HttpRequestMessage(HttpMethod.Get, server.Url), HttpCompletionOption.ResponseHeadersRead));

        Assert.Equal(Cap, refusal.MaxBytes);
        Assert.Equal("The provider answered with more than 65536 bytes.", refusal.Message);
    }

    [Theory]
    [InlineData(HttpCompletionOption.ResponseHeadersRead)]
    [InlineData(HttpCompletionOption.ResponseContentRead)]
    public async Task Cuts_off_a_chunked_body_as_soon_as_it_passes_the_cap(HttpCompletionOption completion)
    {
        await using var server = ServerSending(100L * 1024 * 1024, declareLength: false);
        using var client = ClientFor(server);

        var refusal = await Record.ExceptionAsync(async () =>
        {
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, server.Url), completion);
            await response.Content.ReadAsByteArrayAsync();
        });

        Assert.IsType<ResponseTooLargeException>(refusal is HttpRequestException { InnerException: { } inner } ? inner : refusal);
        await server.WaitUntilAsync(s => s.CutOff == 1, "its client hang up mid-answer");
        Assert.InRange(server.BytesWritten, Cap, 32L * 1024 * 1024);
    }
}
