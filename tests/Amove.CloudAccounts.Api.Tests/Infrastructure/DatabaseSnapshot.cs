using Npgsql;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>
/// The row count and a hash of every row of the tables a request can change, so a test can show that a rejected
/// request wrote nothing. Background tables (e-mail outbox, usage samples, leases, users first seen) are left out:
/// workers write them on their own schedule.
/// </summary>
public sealed class DatabaseSnapshot
{
    public static readonly IReadOnlyList<string> MutableTables =
        ["cloud_accounts", "api_tokens", "consumed_oauth_states", "storage_subscriptions", "hosted_storages"];

    private readonly Dictionary<string, (long Rows, string Hash)> _tables;

    private DatabaseSnapshot(Dictionary<string, (long Rows, string Hash)> tables) => _tables = tables;

    public static async Task<DatabaseSnapshot> TakeAsync(string connectionString)
    {
        var tables = new Dictionary<string, (long Rows, string Hash)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        // One statement, so the tables are read at the same instant.
        var sql = string.Join(" UNION ALL ", MutableTables.Select(table =>
            $"SELECT '{table}', count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') FROM {table} t"));
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables[reader.GetString(0)] = (reader.GetInt64(1), reader.GetString(2));
        }

        return new DatabaseSnapshot(tables);
    }

    /// <summary>
    /// The tables whose rows differ from <paramref name="before"/>, with their row counts; empty when none. Tables in
    /// <paramref name="except"/> are not compared.
    /// </summary>
    public IReadOnlyList<string> ChangesSince(DatabaseSnapshot before, IReadOnlyCollection<string>? except = null) =>
        [.. MutableTables
            .Where(table => except?.Contains(table) != true && before._tables[table] != _tables[table])
            .Select(table => $"{table} ({before._tables[table].Rows} -> {_tables[table].Rows} rows)")];
}
