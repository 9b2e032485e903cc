using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Npgsql;

// A lean get_all: what the API's get_all would cost with nothing but authentication and one query.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
    .AddJwtBearer(options => options.MapInboundClaims = false);
builder.Services.AddAuthorization();
builder.Services.AddNpgsqlDataSource(
    builder.Configuration.GetConnectionString("CloudAccounts")
    ?? throw new InvalidOperationException("ConnectionStrings:CloudAccounts is required."));

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

const string VisibleAccounts = """
    SELECT id, account_id, user_id, cloud_type, name, masked_access_key, secret_key IS NOT NULL,
           credentials_data IS NOT NULL, service_url, active, shared, internal_storage, storage_tier
    FROM cloud_accounts
    WHERE account_id = $1 AND deleted_at IS NULL AND active AND (user_id = $2 OR ($3 AND shared))
    ORDER BY name
    """;

app.MapGet("/api/v1/cloudaccount/get_all", async (ClaimsPrincipal user, NpgsqlDataSource database, CancellationToken cancellationToken) =>
{
    var userId = Guid.Parse(user.FindFirstValue("sub")!);
    var accountId = Guid.Parse(user.FindFirstValue("account_id")!);
    var userType = int.Parse(user.FindFirstValue("user_type")!, CultureInfo.InvariantCulture);

    await using var command = database.CreateCommand(VisibleAccounts);
    command.Parameters.Add(new NpgsqlParameter { Value = accountId });
    command.Parameters.Add(new NpgsqlParameter { Value = userId });
    command.Parameters.Add(new NpgsqlParameter { Value = (userType & (16 | 32)) != 0 });
    await using var reader = await command.ExecuteReaderAsync(cancellationToken);

    var rows = new List<Row>();
    while (await reader.ReadAsync(cancellationToken))
    {
        rows.Add(new Row(
            reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetInt32(3), reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetBoolean(6) ? "**********" : null,
            reader.GetBoolean(7) ? "**********" : null,
            reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.GetBoolean(9), reader.GetBoolean(10), reader.GetBoolean(11), reader.GetInt32(12)));
    }

    return Results.Ok(new Page(rows, rows.Count, new Options(0, 0, [new Sort("Name", false)])));
}).RequireAuthorization();

await app.RunAsync();

internal sealed record Row(
    Guid Id, Guid AccountId, Guid UserId, int CloudType, string Name, string? AccessKey, string? SecretKey,
    string? CredentialsData, string? ServiceUrl, bool Active, bool Shared, bool InternalStorage, int StorageTier);

internal sealed record Sort(string Field, bool Descending);

internal sealed record Options(int PageSize, int Page, IReadOnlyList<Sort> Sort);

internal sealed record Page(IReadOnlyList<Row> Data, int Total, Options Options);
