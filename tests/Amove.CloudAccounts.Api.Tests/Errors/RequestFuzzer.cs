using System.Globalization;
using System.Text;

namespace Amove.CloudAccounts.Api.Tests.Errors;

/// <summary>One generated request, replayable from its seed, target and case number.</summary>
public sealed record FuzzRequest(string Method, string Url, byte[]? Body, string? ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Url);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            message.Content.Headers.Remove("Content-Type");
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    public override string ToString()
    {
        var text = new StringBuilder($"{Method} {Url}");
        text.Append(CultureInfo.InvariantCulture, $"\n  Content-Type: {ContentType ?? "(none)"}");
        foreach (var (name, value) in Headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {name}: {value}");
        }

        if (Body is not null)
        {
            var shown = Body.Length > 400 ? Body[..400] : Body;
            text.Append(CultureInfo.InvariantCulture, $"\n  body ({Body.Length} bytes): {Convert.ToHexString(shown)}");
            text.Append(CultureInfo.InvariantCulture, $"\n  as UTF-8: {Encoding.UTF8.GetString(shown)}");
        }

        return text.ToString();
    }
}

/// <summary>
/// A seeded generator of hostile requests for one action of the cloud-account API: JSON of every type, shape and
/// size, strings with odd Unicode (lone surrogates, NUL, bidi controls, emoji), broken JSON, other bytes, query
/// strings, content types, charsets and headers. The same seed always yields the same requests.
/// </summary>
public sealed class RequestFuzzer(Random random, FuzzTarget target, FuzzWorld world)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=UTF-8",
        "application/json; charset=utf-16", "application/json; charset=utf-16le", "application/json; charset=utf-16be",
        "application/json; charset=utf-32", "application/json; charset=iso-8859-1", "application/json; charset=us-ascii",
        "application/json; charset=no-such-charset", "application/json; charset=\"\"", "application/json; charset=",
        "application/json;;;", "application/json; boundary=x", "text/json", "application/problem+json",
        "application/merge-patch+json", "text/plain", "text/plain; charset=utf-16", "application/xml",
        "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=fuzz",
        "application/octet-stream", "*/*", "application/*", "", "garbage", "/", "application/json; q=0.1; charset=utf-8",
    ];

    private static readonly string[] HeaderNames =
    [
        "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Content-Encoding", "Content-Language",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-HTTP-Method-Override", "Origin", "Referer",
        "Cookie", "If-None-Match", "If-Modified-Since", "Range", "traceparent", "tracestate", "baggage",
        "X-Request-Id", "Expect", "Cache-Control", "Prefer", "Idempotency-Key", "X-Fuzz",
    ];

    private static readonly string[] HeaderValues =
    [
        "*/*", "application/json", "application/xml", "text/html;q=0.9, */*;q=0.1", "gzip", "br", "deflate, gzip;q=0",
        "utf-16", "fr-CH, fr;q=0.9", "1.2.3.4", "::1", "256.256.256.256, unknown", "http", "javascript:", "evil.example",
        "PUT", "DELETE", "null", "a=b; c=d", "bytes=0-1", "bytes=-1", "\"etag\"", "Tue, 01 Dec 2026 00:00:00 GMT",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "00-zz-zz-zz", "k=v,k2=%ZZ", "100-continue",
        "no-cache", "return=minimal", "", " ", "\u00e9\u00e8", "\u202Eabc", "😀", new string('x', 2000),
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "2", "8", "16", "128", "4096", "1000", "1001", "2147483647", "-2147483648", "2147483648",
        "9223372036854775807", "99999999999999999999999999", "1e400", "-1e400", "1.5", "1E2", "0.0000001", "1e-400",
        "0x10", "01", "+1", "NaN", "Infinity", "-Infinity", ".5", "1.", "--1",
    ];

    private static readonly string[] OddFragments =
    [
        "\u0000", "\u0001", "\u001B[31m", "\n", "\r\n", "\t", "\u007F", "\u0085", "\u009F", "\u00A0", "\u00AD",
        "\u061C", "\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u2028", "\u2029", "\u202A", "\u202B", "\u202C",
        "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\uFEFF", "\uFFFD", "\uFFFE", "\uFFFF", "\uD800",
        "\uDBFF", "\uDC00", "\uDFFF", "\uDC00\uD800", "😀", "👩\u200D💻", "🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F",
        "e\u0301\u0301\u0301", "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", "עברית", "中文", "İı", "ß", "\\", "\"",
        "/", "../", "..\\", "%00", "%2e%2e%2f", "?", "#", "&", "=", "'", "' OR 1=1 --", "<script>", "${jndi:ldap://x}",
        "{{7*7}}", "%s%n", "\U0010FFFF", "Ａ", "\u3000",
    ];

    private readonly StringBuilder _json = new();

    public FuzzRequest Next()
    {
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = random.Next(4); i > 0; i--)
        {
            headers.Add(new(Pick(HeaderNames), Pick(HeaderValues)));
        }

        var method = Chance(0.9) ? target.Method : Pick(Methods);
        var url = (Chance(0.85) ? target.Path : Pick(world.OtherPaths())) + QueryString();
        var (body, contentType) = target.HasBody || Chance(0.1) ? Body() : (null, null);
        return new FuzzRequest(method, url, body, contentType, headers);
    }

    private (byte[] Body, string? ContentType) Body()
    {
        if (target.HasBody && Chance(0.4))
        {
            return (Encoding.UTF8.GetBytes(NearlyValid()), "application/json");
        }

        var contentType = Chance(0.65) ? "application/json" : Chance(0.1) ? null : Pick(ContentTypes);
        if (Chance(0.05))
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            return (bytes, contentType);
        }

        var text = Chance(0.8) ? ObjectFor(target.Fields) : Value(depth: 0);
        if (Chance(0.15))
        {
            text = Mutate(text);
        }

        // Mostly the declared charset; sometimes a different one, which the service must notice.
        var encoding = contentType?.Contains("utf-16", StringComparison.OrdinalIgnoreCase) == true && Chance(0.7)
            ? new UnicodeEncoding(bigEndian: contentType.Contains("be", StringComparison.OrdinalIgnoreCase), byteOrderMark: false)
            : contentType?.Contains("utf-32", StringComparison.OrdinalIgnoreCase) == true && Chance(0.7)
                ? Encoding.UTF32
                : (Encoding)Encoding.UTF8;
        return (encoding.GetBytes(text), contentType);
    }

    // A request that would succeed but for one or two fields, so that checks after the first one are reached too.
    private string NearlyValid()
    {
        var fuzzed = new HashSet<string> { Pick(target.Fields) };
        if (Chance(0.3))
        {
            fuzzed.Add(Pick(target.Fields));
        }

        var members = new List<string>();
        foreach (var field in target.Fields)
        {
            var value = fuzzed.Contains(field) ? (Chance(0.1) ? null : FieldValue(field)) : ValidValue(field);
            if (value is not null)
            {
                members.Add($"{JsonString(field)}:{value}");
            }
        }

        return "{" + string.Join(",", members) + "}";
    }

    private string? ValidValue(string field) => field switch
    {
        "cloudType" => "8",
        "name" => JsonString("Fuzz " + random.Next(1000).ToString(CultureInfo.InvariantCulture)),
        "accessKey" or "secretKey" => JsonString(world.S3Key),
        "serviceUrl" => JsonString(world.ServiceUrls[0]),
        "shared" => Pick(["true", "false"]),
        "id" when target.Fields.Contains("shared") => JsonString(world.CloudAccountId.ToString()),
        "cloudAccountId" => JsonString(world.CloudAccountId.ToString()),
        "includeRegion" => "false",
        "bucketName" => JsonString(world.BucketName),
        "path" => JsonString(world.ObjectPrefix),
        "count" => "5",
        "title" => JsonString("Fuzz " + random.Next(1000).ToString(CultureInfo.InvariantCulture)),
        "isEncrypted" => "false",
        "expirationDate" => JsonString(DateTime.UtcNow.AddDays(30).ToString("O", CultureInfo.InvariantCulture)),
        "regionName" => JsonString(Pick(["OR", "VA", "us-or"])),
        "storageTier" when target.Fields.Contains("regionName") => "1",
        "redirectURL" => JsonString(world.RedirectUrl),
        "cloudName" => JsonString("Fuzz " + random.Next(1000).ToString(CultureInfo.InvariantCulture)),
        "code" => JsonString("fuzz-code"),
        "state" when world.ConnectState is not null => JsonString(world.ConnectState),
        _ => null,
    };

    private string ObjectFor(IReadOnlyList<string> fields)
    {
        var members = new List<string>();
        foreach (var field in fields)
        {
            if (Chance(0.75))
            {
                members.Add($"{JsonString(Chance(0.95) ? field : Case(field))}:{FieldValue(field)}");
            }
        }

        for (var i = random.Next(3) == 0 ? random.Next(1, 4) : 0; i > 0; i--)
        {
            members.Add($"{JsonString(Chance(0.5) && fields.Count > 0 ? Pick(fields) : OddString())}:{Value(depth: 1)}");
        }

        Shuffle(members);
        return "{" + string.Join(",", members) + "}";
    }

    // Values that are often right for the field, so the request gets past the first check and meets the next.
    private string FieldValue(string field)
    {
        if (Chance(0.35))
        {
            return Value(depth: 1);
        }

        return field switch
        {
            "cloudType" => Chance(0.6) ? Pick(["8", "1", "2", "16", "64", "128", "4096", "2048", "3", "0"]) : Pick(Numbers),
            "id" or "cloudAccountId" or "accountId" or "userId" => JsonString(Uuid()),
            "name" or "bucketName" => JsonString(Chance(0.3) ? world.BucketName : OddString()),
            "accessKey" or "secretKey" => JsonString(Chance(0.6) ? world.S3Key : OddString()),
            "serviceUrl" => JsonString(Chance(0.7) ? Pick(world.ServiceUrls) : OddString()),
            "credentialsData" => JsonString(Chance(0.5) ? $$"""{"access_token":{{JsonString(OddString())}}}""" : OddString()),
            "path" => JsonString(Chance(0.3) ? Pick(["/", "", "photos/", "/photos/a", "a//b", world.ObjectPrefix]) : OddString()),
            "continuationToken" => JsonString(Chance(0.5) ? Convert.ToBase64String(RandomBytes(random.Next(1, 200))) : OddString()),
            "count" or "storageTier" => Pick(Numbers),
            "shared" or "includeRegion" or "active" or "internalStorage" => Pick(["true", "false", "null", "0", "1", "\"true\""]),
            "regionName" => JsonString(Chance(0.5) ? Pick(["OR", "VA", "us-or", "us-va", "or", "LA", "us-xx", "", " OR"]) : OddString()),
            "redirectURL" => JsonString(Chance(0.5) ? Pick(RedirectUrls()) : OddString()),
            "state" => JsonString(Chance(0.4) && world.ConnectState is { } state ? Mutate(state) : OddString()),
            _ => Value(depth: 1),
        };
    }

    private string Uuid() => random.Next(8) switch
    {
        0 => Guid.Empty.ToString(),
        1 => "not-a-uuid",
        2 => "{" + world.CloudAccountId + "}",
        3 => world.CloudAccountId.ToString().ToUpperInvariant(),
        4 => new Guid(RandomBytes(16)).ToString("N"),
        5 => new Guid(RandomBytes(16)).ToString(),
        6 => OddString(),
        _ => world.CloudAccountId.ToString(),
    };

    private string Value(int depth)
    {
        var kind = random.Next(depth > 4 ? 4 : 7);
        switch (kind)
        {
            case 0:
                return Pick(["null", "true", "false"]);
            case 1:
                return Pick(Numbers);
            case 2:
            case 3:
                return JsonString(OddString());
            case 4:
                return "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => Value(depth + 1))) + "]";
            case 5:
                return "{" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => $"{JsonString(OddString())}:{Value(depth + 1)}")) + "}";
            default:
                // Deeper than the JSON reader allows, or just deep.
                var levels = Chance(0.5) ? random.Next(60, 70) : random.Next(5, 20);
                return new string('[', levels) + new string(']', levels);
        }
    }

    private string OddString()
    {
        if (Chance(0.03))
        {
            return new string(Pick(['a', '\u00e9', '\uD83D', '\u0000']), random.Next(1_000, 20_000));
        }

        var text = new StringBuilder();
        for (var i = random.Next(0, 8); i > 0; i--)
        {
            text.Append(random.Next(4) switch
            {
                0 => Pick(OddFragments),
                1 => ((char)random.Next(0x20, 0x7F)).ToString(),
                2 => ((char)random.Next(0, 0x10000)).ToString(),
                _ => "abc",
            });
        }

        return text.ToString();
    }

    // JSON string text; lone surrogates are escaped (they have no UTF-8 form), control characters usually are.
    private string JsonString(string value)
    {
        _json.Clear().Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\' || char.IsSurrogate(c) || (c < 0x20 && Chance(0.9)) || Chance(0.02))
            {
                _json.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    _ => $"\\u{(int)c:x4}",
                });
            }
            else
            {
                _json.Append(c);
            }
        }

        return _json.Append('"').ToString();
    }

    private string Mutate(string text)
    {
        if (text.Length == 0)
        {
            return "{";
        }

        var at = random.Next(text.Length);
        return random.Next(5) switch
        {
            0 => text[..at],
            1 => text[..at] + Pick(["{", "}", "[", "]", ",", ":", "\"", "\\", "\u0000", "/*", "//", "'"]) + text[at..],
            2 => text.Remove(at, 1),
            3 => text + Pick([" ", "x", "{}", ",", "\n", "\u0000"]),
            _ => "\uFEFF" + text,
        };
    }

    private string QueryString()
    {
        var parameters = new List<string>();
        var names = target.QueryParameters.Concat(["x", "page", "$filter", "id[]", "%00", ""]).ToArray();
        for (var i = random.Next(target.QueryParameters.Count + 2); i > 0; i--)
        {
            var name = Chance(0.8) ? Pick(target.QueryParameters.Count > 0 ? target.QueryParameters.ToArray() : names) : Pick(names);
            parameters.Add(Chance(0.1) ? Escape(name) : $"{Escape(name)}={QueryValue(name)}");
        }

        return parameters.Count == 0 ? string.Empty : "?" + string.Join("&", parameters);
    }

    private string QueryValue(string name)
    {
        if (Chance(0.4))
        {
            return name switch
            {
                "page" or "pageSize" => Pick(Numbers),
                "sortField" => Pick(["Name", "name", "CreateDate", "CloudType", "Password", "Name;DROP TABLE x"]),
                "descending" => Pick(["true", "false", "1", "yes", ""]),
                "id" or "cloudAccountId" => Escape(Uuid()),
                "storageTier" => Pick(["0", "1", "2", "3", "4", "8", "16", "All", "Perform", "-1", "2147483648"]),
                "bucketName" => Escape(Pick([world.BucketName, "a", "ab", "-bad-", "UPPER", "xn--bucket", "a..b", "192.168.1.1", new string('a', 64)])),
                _ => Pick(Numbers),
            };
        }

        // Raw percent-escapes include bytes that are not UTF-8 (%FF, %C3%28).
        return Chance(0.2) ? Pick(["%FF", "%C3%28", "%00", "%", "%zz", "%ED%A0%80", "+", "%2B%20"]) : Escape(OddString());
    }

    private static string Escape(string value)
    {
        // Uri.EscapeDataString refuses lone surrogates; those go as the replacement character.
        var safe = new string(value.Select(c => char.IsSurrogate(c) ? '\uFFFD' : c).ToArray());
        return safe.Length > 30_000 ? Uri.EscapeDataString(safe[..30_000]) : Uri.EscapeDataString(safe);
    }

    private string[] RedirectUrls() =>
    [
        world.RedirectUrl, world.RedirectUrl + "?x=1", world.RedirectUrl.ToUpperInvariant(), world.RedirectUrl + "#f",
        "http://127.0.0.1:53682/amove/callback", "https://evil.example/oauth/callback", "javascript:alert(1)", "//evil.example",
        "https://app.amove.test@evil.example/", "http://[::1]/cb", "",
    ];

    private string Case(string field) => Chance(0.5) ? field.ToUpperInvariant() : char.ToUpperInvariant(field[0]) + field[1..];

    private bool Chance(double probability) => random.NextDouble() < probability;

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private void Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>An action of the API as the fuzzer addresses it.</summary>
/// <param name="RefusedMayWrite">
/// Tables a refused request may still write by design (a connect callback records its state as used, whatever the outcome).
/// </param>
public sealed record FuzzTarget(
    string Name, string Method, string Path, IReadOnlyList<string> Fields, IReadOnlyList<string> QueryParameters,
    IReadOnlyList<string>? RefusedMayWrite = null)
{
    public bool HasBody => Method is "POST" or "PUT";
}

/// <summary>What exists on the server, so that some generated requests reach a real account, bucket and provider.</summary>
/// <remarks>
/// <see cref="RedirectUrl"/> is the redirect URL the deployment allows, <see cref="ConnectState"/> a real state of a
/// connect flow (the owner's), so some callbacks get past their first checks.
/// </remarks>
public sealed record FuzzWorld(
    Guid CloudAccountId, string BucketName, string ObjectPrefix, string S3Key, IReadOnlyList<string> ServiceUrls,
    string RedirectUrl = "https://app.amove.test/oauth/callback", string? ConnectState = null)
{
    public IReadOnlyList<string> OtherPaths() =>
    [
        "/api/v1/cloudaccount/", "/api/v1/cloudaccount/get_all/", "/api/v1/cloudaccount/GET_ALL",
        // Not %00: Kestrel refuses a NUL in the path itself, before the application (and the test server throws).
        "/api/v1/cloudaccount/%01", "/api/v1/cloudaccount/%E2%80%AEfdp.exe", "/api/v1/cloudaccount/a/b/c",
        "/api/cloudaccount/insert", "/api/cloudaccount/%FF", "/api/v1/cloudaccount/" + new string('a', 3000),
        "/api/v1/desktop/", "/api/v1/desktop/generate__authorization_url", "/api/v1/desktop/generate_dropbox_authorization_url/x",
        "/api/desktop/dropbox_authorization_callback", "/api/v1/cloudaccount/idrive_", "/api/v1/apitoken/",
    ];
}
