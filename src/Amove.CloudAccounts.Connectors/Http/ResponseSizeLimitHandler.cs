using System.Net;

namespace Amove.CloudAccounts.Connectors.Http;

/// <summary>
/// Caps every response body at <see cref="MaxResponseBytes"/>: a declared Content-Length over the cap is refused
/// before any of the body is read, and a body without one (chunked, or until close) is counted as it streams and cut
/// off at the cap. Either way <see cref="ResponseTooLargeException"/> is thrown and nothing over the cap is buffered.
/// </summary>
public sealed class ResponseSizeLimitHandler : DelegatingHandler
{
    /// <summary>A handler for an <see cref="IHttpClientFactory"/> pipeline, which sets the inner handler.</summary>
    public ResponseSizeLimitHandler(long maxResponseBytes)
    {
        MaxResponseBytes = maxResponseBytes > 0
            ? maxResponseBytes
            : throw new ArgumentOutOfRangeException(nameof(maxResponseBytes), maxResponseBytes, "The cap must be positive.");
    }

    public ResponseSizeLimitHandler(HttpMessageHandler innerHandler, long maxResponseBytes)
        : this(maxResponseBytes) => InnerHandler = innerHandler;

    public long MaxResponseBytes { get; }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Capped(base.Send(request, cancellationToken));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Capped(await base.SendAsync(request, cancellationToken));

    private HttpResponseMessage Capped(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            // Disposing closes the connection rather than reading the rest of the announced body.
            response.Dispose();
            throw new ResponseTooLargeException(MaxResponseBytes);
        }

        response.Content = new CappedContent(response.Content, MaxResponseBytes);
        return response;
    }

    private sealed class CappedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly long _maxBytes;

        public CappedContent(HttpContent inner, long maxBytes)
        {
            _inner = inner;
            _maxBytes = maxBytes;
            foreach (var (name, values) in inner.Headers)
            {
                Headers.TryAddWithoutValidation(name, values);
            }
        }

        protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
            new CappedStream(_inner.ReadAsStream(cancellationToken), _maxBytes);

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new CappedStream(await _inner.ReadAsStreamAsync(cancellationToken), _maxBytes);

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            using var capped = CreateContentReadStream(cancellationToken);
            capped.CopyTo(stream);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await using var capped = await CreateContentReadStreamAsync(cancellationToken);
            await capped.CopyToAsync(stream, cancellationToken);
        }

        // The length, when declared, is already in the copied headers.
        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class CappedStream(Stream inner, long maxBytes) : Stream
    {
        private long _bytesRead;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }

        private int Counted(int read)
        {
            _bytesRead += read;
            if (_bytesRead > maxBytes)
            {
                // Stop the transfer now rather than when the caller gets round to disposing.
                inner.Dispose();
                throw new ResponseTooLargeException(maxBytes);
            }

            return read;
        }
    }
}
