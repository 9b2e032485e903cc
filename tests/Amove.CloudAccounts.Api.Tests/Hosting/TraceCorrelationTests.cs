using System.Collections.Concurrent;
using System.Diagnostics;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Api.Tests.Hosting;

/// <summary>An operator finds a request's log lines from its trace (and back): every line carries the trace id.</summary>
[Collection(ApiCollection.Name)]
public sealed class TraceCorrelationTests(CloudAccountsApiFactory api)
{
    [Fact]
    public async Task A_request_s_log_lines_carry_the_trace_id_the_caller_sent()
    {
        var logs = new ScopeCapturingLoggerProvider();
        using var logged = api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(logs)));
        using var client = logged.CreateClientFor(new TestTenant().Owner);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Get, CloudAccountApi.GetAll);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        await (await client.SendAsync(request)).ShouldBeOkJsonObjectAsync();

        // The request log line (method, path, status, duration) is written as the request ends.
        Assert.Contains(logs.Lines, line => line.Category == "Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware"
            && line.Message.Contains("/get_all", StringComparison.Ordinal)
            && line.Scopes.GetValueOrDefault("TraceId") == traceId);
    }

    [Fact]
    public void The_JSON_console_log_writes_the_scopes_that_hold_the_trace_id()
    {
        var options = api.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;

        Assert.True(options.IncludeScopes);
    }

    private sealed record LogLine(string Category, string Message, Dictionary<string, string?> Scopes);

    /// <summary>Keeps each log line with the scope values around it (trace and span ids among them).</summary>
    private sealed class ScopeCapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<LogLine> _lines = new();
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public IReadOnlyCollection<LogLine> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ScopeCapturingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new Dictionary<string, string?>();
                provider._scopes.ForEachScope(
                    (scope, values) =>
                    {
                        if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                        {
                            foreach (var (key, value) in pairs)
                            {
                                values[key] = value?.ToString();
                            }
                        }
                    },
                    scopes);
                provider._lines.Enqueue(new LogLine(category, formatter(state, exception), scopes));
            }
        }
    }
}
