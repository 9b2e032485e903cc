using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Amove.CloudAccounts.TestSupport;

/// <summary>
/// Records the path and query of every HTTP request this process starts (System.Net.Http telemetry), so a test can
/// count exactly the provider calls made for its own bucket while other tests run in parallel.
/// </summary>
public sealed class HttpRequestLog : EventListener
{
    private readonly ConcurrentQueue<string> _pathsAndQueries = new();

    /// <summary>Requests addressed (path-style) to <paramref name="bucketName"/>, in the order they started.</summary>
    public IReadOnlyList<string> To(string bucketName) =>
        [.. _pathsAndQueries.Where(request => request == $"/{bucketName}" || request.StartsWith($"/{bucketName}/", StringComparison.Ordinal)
            || request.StartsWith($"/{bucketName}?", StringComparison.Ordinal))];

    /// <summary>Requests whose path has <paramref name="segment"/> as one of its segments (a bucket or container name).</summary>
    public IReadOnlyList<string> Through(string segment) =>
        [.. _pathsAndQueries.Where(request => request.Split('?')[0].Split('/').Contains(segment, StringComparer.Ordinal))];

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "System.Net.Http")
        {
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    // RequestStart(scheme, host, port, pathAndQuery, versionMajor, versionMinor, versionPolicy)
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName == "RequestStart" && eventData.Payload is { Count: >= 4 } payload && payload[3] is string pathAndQuery)
        {
            _pathsAndQueries.Enqueue(pathAndQuery);
        }
    }
}
