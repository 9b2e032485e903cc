using System.Text.Json;
using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using BenchmarkDotNet.Attributes;

namespace Amove.CloudAccounts.Benchmarks;

/// <summary>
/// The largest response the API writes: a full list_objects page (1000 entries, the maximum count).
/// MVC's JSON output formatter streams it to the response body, which <see cref="SerializeToStream"/> mirrors;
/// <see cref="SerializeToBytes"/> is the buffered alternative, for comparison.
/// </summary>
[MemoryDiagnoser]
public class ListObjectsJsonBenchmarks
{
    private const int Count = 1000;

    private static readonly JsonSerializerOptions Options = JsonSerializerOptions.Web;

    private CloudStorageObjectCollection _page = null!;

    [GlobalSetup]
    public void Setup()
    {
        var modified = new DateTime(2024, 5, 17, 9, 30, 0, DateTimeKind.Utc);
        var items = new List<CloudObject>(Count);
        for (var i = 0; i < Count; i++)
        {
            // Directories first, then files, as the API lists them.
            items.Add(i < 50
                ? new CloudObject($"projects/2024/footage/folder-{i:D4}/", $"folder-{i:D4}", $"/projects/2024/footage/folder-{i:D4}/", 0, null, CloudObjectType.Directory)
                : new CloudObject($"projects/2024/footage/clip-{i:D4}.mov", $"clip-{i:D4}.mov", $"/projects/2024/footage/clip-{i:D4}.mov", 1_048_576L * i, modified.AddMinutes(i), CloudObjectType.File));
        }

        _page = new CloudStorageObjectCollection(items, new string('t', 300), "media-archive", "/projects/2024/footage/");
    }

    // Target: < 1 ms and < 32 KB allocated: serializer buffers only, nothing per entry (the ~176 KB of output goes to the socket).
    [Benchmark]
    public Task SerializeToStream() => JsonSerializer.SerializeAsync(Stream.Null, _page, Options);

    // Target: < 1 ms; allocates the finished document once (~176 KB, a large-object-heap array), never per entry.
    [Benchmark]
    public byte[] SerializeToBytes() => JsonSerializer.SerializeToUtf8Bytes(_page, Options);
}
