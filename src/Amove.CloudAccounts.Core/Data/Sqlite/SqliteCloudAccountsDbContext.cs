using Amove.CloudAccounts.Core.Security;
using Microsoft.EntityFrameworkCore;

namespace Amove.CloudAccounts.Core.Data.Sqlite;

/// <summary>The embedded SQLite flavour of the context; owns the SQLite migrations.</summary>
public sealed class SqliteCloudAccountsDbContext(
    DbContextOptions<SqliteCloudAccountsDbContext> options,
    CredentialProtector credentialProtector)
    : CloudAccountsDbContext(options, credentialProtector);
