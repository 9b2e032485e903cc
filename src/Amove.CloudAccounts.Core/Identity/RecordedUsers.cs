using Microsoft.Extensions.Caching.Memory;

namespace Amove.CloudAccounts.Core.Identity;

/// <summary>
/// Which callers this instance has recently seen recorded exactly as their token describes them, so a request whose
/// action checks the user inside its own query need not look the user up first. It never answers whether a user is
/// active: that is always read from the database, in the same query as the data.
/// </summary>
public sealed class RecordedUsers : IDisposable
{
    // Bounded, so a flood of distinct valid tokens cannot grow it without limit; an evicted user costs one lookup.
    private const int Capacity = 100_000;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _recorded = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public bool AreCurrent(CurrentUser caller) =>
        _recorded.TryGetValue(caller.Id, out CurrentUser? recorded) && recorded == caller;

    public void Remember(CurrentUser caller) =>
        _recorded.Set(caller.Id, caller, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Lifetime });

    public void Dispose() => _recorded.Dispose();
}
