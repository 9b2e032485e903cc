using Microsoft.EntityFrameworkCore;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Amove.CloudAccounts.Core.Data.Postgres;

/// <summary>
/// Retries a read whose operation materializes every row itself, as the context's retrying strategy would, but tells
/// EF Core that the queries inside need no retry of their own. EF Core then streams their rows instead of buffering
/// each result a second time only so that it could re-run that one query (measured on get_all: about 8 % of its CPU).
/// </summary>
internal sealed class WholeReadRetryingStrategy(DbContext context, int maxRetryCount, TimeSpan maxRetryDelay)
    : NpgsqlRetryingExecutionStrategy(context, maxRetryCount, maxRetryDelay, errorCodesToAdd: null)
{
    public override bool RetriesOnFailure => false;
}
