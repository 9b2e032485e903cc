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
}
