using Amove.CloudAccounts.Core.Entities;

namespace Amove.CloudAccounts.Core.CloudAccounts;

/// <summary>The fields get_all sorts by, with a stable tie-breaker so pages never overlap.</summary>
public static class CloudAccountSort
{
    public const string Name = "Name";
    public const string CreateDate = "CreateDate";
    public const string CloudType = "CloudType";

    public static IReadOnlyList<string> Fields { get; } = [Name, CreateDate, CloudType];

    public static bool TryParse(string value, out string field)
    {
        field = Fields.FirstOrDefault(f => string.Equals(f, value, StringComparison.OrdinalIgnoreCase)) ?? "";
        return field.Length > 0;
    }

    /// <summary>The canonical spelling of a field the validator accepted.</summary>
    public static string Parse(string value) =>
        TryParse(value, out var field) ? field : throw new ArgumentException($"Unknown sort field '{value}'.", nameof(value));

    public static IQueryable<CloudAccount> Apply(IQueryable<CloudAccount> query, string field, bool descending) =>
        (field, descending) switch
        {
            (CreateDate, false) => query.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id),
            (CreateDate, true) => query.OrderByDescending(a => a.CreatedAt).ThenBy(a => a.Id),
            (CloudType, false) => query.OrderBy(a => a.CloudType).ThenBy(a => a.Name).ThenBy(a => a.Id),
            (CloudType, true) => query.OrderByDescending(a => a.CloudType).ThenBy(a => a.Name).ThenBy(a => a.Id),
            (_, false) => query.OrderBy(a => a.Name).ThenBy(a => a.Id),
            (_, true) => query.OrderByDescending(a => a.Name).ThenBy(a => a.Id),
        };
}
