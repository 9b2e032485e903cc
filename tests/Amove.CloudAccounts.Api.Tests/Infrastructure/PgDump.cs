using System.Diagnostics;
using Npgsql;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>Runs the real <c>pg_dump</c> against a test database, as an operator (or a thief of a backup) would.</summary>
public static class PgDump
{
    public static async Task<string> DumpAsync(string databaseName)
    {
        var connection = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString);
        var start = new ProcessStartInfo("pg_dump")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--no-password",
            "-h", connection.Host ?? "127.0.0.1",
            "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", connection.Username ?? "postgres",
            "-d", databaseName,
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = connection.Password ?? "";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("pg_dump could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_dump exited with {process.ExitCode}: {await errors}");
        }

        return await output;
    }

    /// <summary>
    /// The data section of one table in a plain-format dump: the lines between
    /// <c>COPY public.&lt;table&gt; (...) FROM stdin;</c> and the terminating <c>\.</c>.
    /// </summary>
    public static string CopyBlockOf(string dump, string table)
    {
        var header = $"COPY public.{table} ";
        var start = dump.IndexOf(header, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"The dump has no COPY block for {table}.");
        }

        var dataStart = dump.IndexOf('\n', start) + 1;
        var end = dump.IndexOf("\n\\.\n", dataStart - 1, StringComparison.Ordinal);
        return end < 0 ? dump[dataStart..] : dump[dataStart..(end + 1)];
    }
}
