using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amove.CloudAccounts.Api.Tests.ApiTokens;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Amove.CloudAccounts.Api.Tests.Errors;

/// <summary>
/// Thousands of generated hostile requests against every action, signed in: none may be a 500, and every answer other
/// than 200, 401 or 429 is a well-formed 499. The seed is fixed so CI is deterministic; set AMOVE_FUZZ_SEED (and
/// AMOVE_FUZZ_CASES) to explore further. A failure names the seed, action and case, which replay it exactly.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FuzzTests(CloudAccountsApiFactory api, ITestOutputHelper output)
{
    private const int DefaultSeed = 20261201;
    private const int DefaultCasesPerTarget = 500;
    private const int Concurrency = 4;

    // A cap, not an assertion: on a very slow machine fewer cases run rather than the suite stalling.
    private static readonly TimeSpan TimePerTarget = TimeSpan.FromSeconds(25);

    private static readonly FuzzTarget[] Targets =
    [
        new("get_all", "GET", CloudAccountApi.GetAll, [], ["page", "pageSize", "sortField", "descending"]),
        new("insert", "POST", CloudAccountApi.Insert,
            ["cloudType", "name", "accessKey", "secretKey", "credentialsData", "serviceUrl", "shared", "id", "accountId", "userId", "internalStorage", "active", "storageTier"], []),
        new("manage_share", "PUT", CloudAccountApi.ManageShare, ["id", "shared"], []),
        new("delete", "DELETE", CloudAccountApi.Prefix + "/delete", [], ["id"]),
        new("list_buckets", "POST", CloudAccountApi.ListBuckets, ["cloudAccountId", "includeRegion"], []),
        new("list_objects", "POST", CloudAccountApi.ListObjects, ["cloudAccountId", "id", "bucketName", "path", "continuationToken", "count"], []),
        new("apitoken get_all", "GET", ApiTokenApi.GetAll, [], ["page", "pageSize", "sortField", "descending"]),
        new("apitoken insert", "POST", ApiTokenApi.Insert, ["title", "isEncrypted", "encryptionKey", "expirationDate", "token", "id", "userId", "sessionId"], []),
        new("apitoken delete", "DELETE", ApiTokenApi.Prefix + "/delete", [], ["id"]),
        new("unknown action", "GET", CloudAccountApi.Prefix + "/get_everything", ["id"], ["id"]),
        new("legacy get_all", "GET", "/api/cloudaccount/get_all", [], ["page", "pageSize", "sortField", "descending"]),
        new("legacy list_objects", "POST", "/api/cloudaccount/list_objects", ["cloudAccountId", "bucketName", "path", "count"], []),
    ];

    public static TheoryData<string> TargetNames => new(Targets.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(TargetNames))]
    public async Task Generated_requests_are_never_a_500_and_every_error_is_a_well_formed_499(string targetName)
    {
        var seed = ReadSetting("AMOVE_FUZZ_SEED", DefaultSeed);
        var cases = ReadSetting("AMOVE_FUZZ_CASES", DefaultCasesPerTarget);
        var targetIndex = Array.FindIndex(Targets, t => t.Name == targetName);
        var target = Targets[targetIndex];
        var tenant = new TestTenant();
        var world = await CreateWorldAsync(tenant);

        // The owner and users who see the shared account or not; enough of them that none meets the per-user rate limit.
        TestUser[] members = [tenant.Owner, tenant.DesktopAdmin, tenant.DesktopCreativeUser, tenant.DesktopStandardUser];
        var users = members
            .Concat(Enumerable.Range(0, cases / 300).Select(i => TestUser.In(tenant.AccountId, members[i % members.Length].UserType)))
            .ToArray();

        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var clock = Stopwatch.StartNew();
        var ran = 0;
        for (var batch = 0; batch < cases && clock.Elapsed < TimePerTarget; batch += Concurrency)
        {
            var numbers = Enumerable.Range(batch, Math.Min(Concurrency, cases - batch)).ToList();
            var results = await Task.WhenAll(numbers.Select(number => RunCaseAsync(seed, targetIndex, number, world, users[number % users.Length])));
            foreach (var (number, request, status, problem) in results)
            {
                ran++;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (problem is not null && failures.Count < 10)
                {
                    failures.Add($"seed {seed}, target '{target.Name}' (#{targetIndex}), case {number}: {problem}\n{request}");
                }
            }
        }

        output.WriteLine($"seed {seed}, '{target.Name}': {ran} cases in {clock.Elapsed.TotalSeconds:F1} s; statuses "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private async Task<(int Number, FuzzRequest Request, int Status, string? Problem)> RunCaseAsync(
        int seed, int targetIndex, int number, FuzzWorld world, TestUser user)
    {
        // One generator per case, so a case replays on its own whatever ran before it.
        var random = new Random(unchecked((seed * 7919) + (targetIndex * 104_729) + number));
        var request = new RequestFuzzer(random, Targets[targetIndex], world).Next();
        using var client = api.CreateClientFor(user);
        using var message = request.ToMessage();
        using var response = await client.SendAsync(message);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        return (number, request, status, Judge(request.Method, response, status, body));
    }

    private static string? Judge(string method, HttpResponseMessage response, int status, string body)
    {
        switch (status)
        {
            case 200 or 401 or 429:
                return null;
            case not 499:
                return $"status {status}, body: {body}";
        }

        var code = response.Headers.TryGetValues("error-code", out var codes) ? string.Join(",", codes) : null;
        if (code is null or "")
        {
            return "499 without an error-code header";
        }

        if (method == "HEAD")
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var errors = root.GetProperty("errors").EnumerateObject().ToList();
            var wellFormed = root.GetProperty("type").GetString() == code
                && root.GetProperty("status").GetInt32() == 499
                && errors.Count == 1
                && errors[0].Name == code
                && errors[0].Value.GetArrayLength() > 0
                && response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            return wellFormed ? null : $"malformed 499 ({code}): {body}";
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"499 ({code}) whose body is not the error model: {body}";
        }
    }

    // One S3 account on the local s3rver with a bucket of oddly named objects, so some cases reach the provider.
    private async Task<FuzzWorld> CreateWorldAsync(TestTenant tenant)
    {
        var accountId = await api.ConnectS3GenericAsync(tenant.Owner, "Fuzz target", shared: true);
        var bucket = await api.S3.CreateBucketAsync("fuzz");
        await api.S3.PutManyAsync(bucket, ["photos/a.jpg", "photos/\u00e9t\u00e9 2026.png", "%2e%2e/x", "a b/c+d", "emoji/😀.txt", "deep/1/2/3/4"]);
        return new FuzzWorld(
            accountId,
            bucket,
            "photos/",
            TestEnvironment.S3AccessKey,
            [api.S3.Url, "http://127.0.0.1:1", "http://[::1]:9000", "http://169.254.169.254/latest", "http://localhost:4568",
             "https://user:pass@127.0.0.1", "http://[::ffff:127.0.0.1]", "http://0x7f.1/", "file:///etc/passwd", "http://[::1"]);
    }

    private static int ReadSetting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;
}
