var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddCloudAccountsData(builder.Configuration)
    .AddCloudAccountServices()
    .AddOAuthConnect()
    .AddAmoveStorageServices()
    .AddApiTokens()
    .AddStorageConnectors(builder.Configuration)
    .AddAmoveStorageHost(builder.Configuration)
    .AddEmailDelivery(builder.Configuration);

builder.AddAmoveDataProtection();
builder.AddAmoveAuthentication();
builder.AddAmoveApi();
builder.AddAmoveOpenApi();
builder.AddAmoveOperations();
builder.AddAmoveRateLimiting();
builder.AddAmoveTelemetry();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseHttpLogging();
app.UseExceptionHandler();
app.UseLegacyCloudAccountRoutes();
app.UseAmoveOpenApi();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseKnownUsers();

app.MapHealthEndpoints();
app.MapControllers();
app.MapUnknownActions();

await app.MigrateDatabaseAsync();
await app.RunAsync();

/// <summary>The entry point; public so the integration tests can host the real pipeline.</summary>
public partial class Program;
