using System.ComponentModel.DataAnnotations;

namespace Amove.CloudAccounts.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Settings of the <c>Database</c> section; the connection string is <c>ConnectionStrings:CloudAccounts</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string ConnectionStringName = "CloudAccounts";

    [EnumDataType(typeof(DatabaseProvider))]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Applies pending migrations at startup; turn off where a deployment step migrates instead.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// How many times a command that failed for a transient reason (a dropped connection, a restarting server) is tried
    /// again. Few and short, so that during an outage a request fails within seconds instead of waiting for the database.
    /// </summary>
    [Range(0, 10)]
    public int MaxRetryCount { get; set; } = 2;

    /// <summary>The longest pause between two tries, in milliseconds.</summary>
    [Range(0, 30_000)]
    public int MaxRetryDelayMilliseconds { get; set; } = 1000;

    /// <summary>How long one command may run before it is abandoned, in seconds (Npgsql's default is 30).</summary>
    [Range(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// PostgreSQL only: how many of the most used statements each connection keeps prepared (Npgsql's automatic
    /// preparation), so the server parses and plans them once per connection instead of once per request; 0 turns it
    /// off (e.g. behind a PgBouncer older than 1.21 in transaction mode). <c>Max Auto Prepare</c> in the connection
    /// string wins over this.
    /// </summary>
    [Range(0, 1024)]
    public int MaxAutoPrepare { get; set; } = 20;
}
