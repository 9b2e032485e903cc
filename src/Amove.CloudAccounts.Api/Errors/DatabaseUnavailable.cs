using System.Data.Common;
using Amove.CloudAccounts.Core.Errors;
using Microsoft.EntityFrameworkCore.Storage;

namespace Amove.CloudAccounts.Api.Errors;

/// <summary>
/// Tells a database outage (connection refused or dropped, server restarting, retries exhausted) from a bug: an outage is
/// not the caller's fault and ends, so it is a 499 with a <c>DB_*</c> code, never a 500.
/// </summary>
internal static class DatabaseUnavailable
{
    public const string Message = "The database is unavailable. Try again shortly.";

    public static bool Caused(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            // The retrying strategy gives up only on transient failures; a transient DbException is one by definition.
            if (current is RetryLimitExceededException || current is DbException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The code of the kind of write the request makes (reads also record the caller, so they count as updates).</summary>
    public static string CodeFor(string method) =>
        HttpMethods.IsPost(method) ? ErrorCodes.DbInsert
        : HttpMethods.IsDelete(method) ? ErrorCodes.DbDelete
        : ErrorCodes.DbUpdate;
}
