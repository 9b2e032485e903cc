using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Amove.CloudAccounts.Core.AmoveStorage;

/// <summary>Which constraint a failed write broke, on either database the service runs on.</summary>
internal static class DbConflicts
{
    private const int SqliteConstraint = 19;
    private const int SqliteForeignKey = 787;

    /// <summary>A unique index was violated: <paramref name="index"/> by name on PostgreSQL, any of <paramref name="table"/>'s on SQLite.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception, string table, string index) => exception.InnerException switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation && postgres.ConstraintName == index,
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
            && sqlite.Message.Contains($"UNIQUE constraint failed: {table}.", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>A foreign key was violated: the row referred to was removed meanwhile.</summary>
    public static bool IsForeignKeyViolation(DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.ForeignKeyViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint && sqlite.SqliteExtendedErrorCode == SqliteForeignKey,
        _ => false,
    };
}
