using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Api.Hosting;

/// <summary>
/// Runs the wrapped check at most once per <see cref="HealthOptions.ReadyCacheSeconds"/>, however many probes ask;
/// probes arriving while a run is in flight share it. A failed result is cached like a healthy one, and the next
/// run after the window sees the recovery.
/// </summary>
internal sealed class CachedHealthCheck(
    HealthCheckRegistration inner, IServiceScopeFactory scopes, TimeProvider clock, IOptions<HealthOptions> options)
    : IHealthCheck
{
    private readonly Lock _gate = new();
    private Task<HealthCheckResult>? _current;
    private DateTimeOffset _expiresAt;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Task<HealthCheckResult> run;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_current is null || (_current.IsCompleted && now >= _expiresAt))
            {
                _expiresAt = now + TimeSpan.FromSeconds(options.Value.ReadyCacheSeconds);
                _current = RunAsync();
            }

            run = _current;
        }

        // A probe that gives up stops waiting; the shared run goes on for the others.
        return run.WaitAsync(cancellationToken);
    }

    // Its own scope and timeout: the run must not die with the request that happened to start it.
    private async Task<HealthCheckResult> RunAsync()
    {
        await Task.Yield();
        using var timeout = new CancellationTokenSource(inner.Timeout);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var check = inner.Factory(scope.ServiceProvider);
            return await check.CheckHealthAsync(new HealthCheckContext { Registration = inner }, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new HealthCheckResult(inner.FailureStatus, "The check timed out.");
        }
        catch (Exception exception)
        {
            return new HealthCheckResult(inner.FailureStatus, exception.Message, exception);
        }
    }
}
