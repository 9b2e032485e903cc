using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Core.AmoveStorage;

namespace Amove.CloudAccounts.Infrastructure.AmoveStorage.IDriveE2;

/// <summary>
/// Everything this server assumes about the IDrive e2 reseller API, in one place so that one edit fixes it.
/// <para>
/// Confirmed on the official page (https://www.idrive.com/object-storage-e2/reseller-api): the base URL, JSON bodies,
/// the API key in a header named <c>token</c>, the statuses 200/400/401/403/500, the error body
/// <c>{"error":{"type","code","message"}}</c> (400 adds <c>errors</c>), and the access-key permission enum
/// (0 read, 1 write, 2 read/write). The FAQ confirms that the operations below exist.
/// </para>
/// <para>
/// Known only from third-party code (public wrappers of this API, which disagree with each other in places): every path
/// and method below, every request field, and every answer field. Where they disagree the readers here accept each
/// spelling seen, and an answer none of them fits is refused rather than guessed at.
/// </para>
/// </summary>
internal static class IDriveE2Api
{
    /// <summary>The header the API key travels in [official].</summary>
    public const string TokenHeader = "token";

    /// <summary>Read and write, the permission a storage's own key needs [official enum].</summary>
    public const int ReadWritePermission = 2;

    // Paths relative to the base URL, and the flag a success answer carries [third-party]. create_user is PUT in every
    // wrapper seen; the rest are POST except the region list (one older wrapper used PUT for enable/remove region).
    public static readonly IDriveE2Operation Regions = new(HttpMethod.Get, "regions");
    public static readonly IDriveE2Operation CreateUser = new(HttpMethod.Put, "create_user", "user_created");
    public static readonly IDriveE2Operation RemoveUser = new(HttpMethod.Post, "remove_user", "user_removed");
    public static readonly IDriveE2Operation EnableUserRegion = new(HttpMethod.Post, "enable_user_region", "storage_added");
    public static readonly IDriveE2Operation RemoveUserRegion = new(HttpMethod.Post, "remove_user_region", "removed");
    public static readonly IDriveE2Operation CreateAccessKey = new(HttpMethod.Post, "create_access_key", "created");
    public static readonly IDriveE2Operation RemoveAccessKey = new(HttpMethod.Post, "remove_access_key", "removed");
    public static readonly IDriveE2Operation UsageStats = new(HttpMethod.Post, "usage_stats");

    /// <summary>create_user's body [third-party]: the password is sent base64-encoded, as every wrapper seen does.</summary>
    public sealed record CreateUserBody(
        [property: JsonPropertyName("email")] string Email,
        [property: JsonPropertyName("password")] string Base64Password,
        [property: JsonPropertyName("first_name")] string FirstName,
        [property: JsonPropertyName("last_name")] string LastName,
        [property: JsonPropertyName("quota")] long Quota,
        [property: JsonPropertyName("email_notification")] bool EmailNotification)
    {
        public override string ToString() => $"CreateUserBody {{ Email = {Email} }}";
    }

    public sealed record UserBody([property: JsonPropertyName("email")] string Email);

    /// <summary>enable_user_region's body [third-party]: the region by its key (<c>OR</c>).</summary>
    public sealed record EnableUserRegionBody(
        [property: JsonPropertyName("email")] string Email,
        [property: JsonPropertyName("region")] string Region);

    /// <summary>remove_user_region's body [third-party]: the region by the storage_dn enable_user_region answered.</summary>
    public sealed record RemoveUserRegionBody(
        [property: JsonPropertyName("email")] string Email,
        [property: JsonPropertyName("storage_dn")] string StorageDn);

    /// <summary>create_access_key's body [third-party; most wrappers spell it <c>permission</c>, one <c>permissions</c>].</summary>
    public sealed record CreateAccessKeyBody(
        [property: JsonPropertyName("email")] string Email,
        [property: JsonPropertyName("storage_dn")] string StorageDn,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("permission")] int Permission);

    /// <summary>remove_access_key's body [third-party]: the key by its access key (its id in S3 terms).</summary>
    public sealed record RemoveAccessKeyBody(
        [property: JsonPropertyName("email")] string Email,
        [property: JsonPropertyName("access_key")] string AccessKey,
        [property: JsonPropertyName("storage_dn")] string StorageDn);

    /// <summary>usage_stats's body [third-party]: dates as yyyy-MM-dd, both ends included.</summary>
    public sealed record UsageStatsBody(
        [property: JsonPropertyName("email")] string Email,
        [property: JsonPropertyName("date_from")] string DateFrom,
        [property: JsonPropertyName("date_to")] string DateTo);

    // Answer fields [third-party]. Lists may come bare or wrapped; key fields may come at the top or under "data".
    private static readonly string[] RegionListNames = ["regions", "data"];
    private static readonly string[] AccessKeyNames = ["access_key", "access_key_id", "accessKey", "accessKeyId"];
    private static readonly string[] SecretKeyNames = ["secret_key", "secret_access_key", "secretKey", "secretAccessKey"];

    // usage_stats's answer has not been seen anywhere: these are the names such a report most plausibly uses, in order of
    // preference, read as bytes. A list of entries (per region, for the one day asked for) is summed.
    private static readonly string[] UsageValueNames =
        ["storage_used", "used_storage", "storage_usage", "usage_bytes", "used_bytes", "bytes_used", "total_usage", "usage", "used", "size"];

    private static readonly string[] UsageListNames = ["usage_stats", "usage", "stats", "data", "records"];

    /// <summary>The regions of the regions answer that are active, in its order; entries that name no usable key are skipped.</summary>
    public static IReadOnlyList<HostRegion> ReadRegions(JsonElement answer)
    {
        var list = answer.ValueKind == JsonValueKind.Array ? answer : FirstOfKind(answer, RegionListNames, JsonValueKind.Array);
        if (list is not { } entries)
        {
            throw Unreadable(Regions, "no list of regions");
        }

        List<HostRegion> regions = [];
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || String(entry, "region_key") is not { } key || !IsRegionKey(key)
                || IsInactive(entry))
            {
                continue;
            }

            var name = ProviderText.Clean(String(entry, "region_name"), 100);
            var code = String(entry, "region_code") is { } c && IsRegionKey(c) ? c : null;
            regions.Add(new HostRegion(key, name.Length > 0 ? name : key, code));
        }

        return regions.AsReadOnly();
    }

    /// <summary>The storage_dn enable_user_region answered: the host name (or, from a private deployment, the URL) of the user's S3 endpoint.</summary>
    public static string ReadStorageDn(JsonElement answer)
    {
        var storageDn = String(answer, "storage_dn") ?? (Data(answer) is { } data ? String(data, "storage_dn") : null);
        return storageDn is not null && ServiceUrlOf(storageDn) is not null
            ? storageDn
            : throw Unreadable(EnableUserRegion, "no usable storage_dn");
    }

    /// <summary>
    /// The S3 endpoint of a storage_dn: <c>https://{storage_dn}</c>, or the storage_dn itself when it already is an absolute
    /// http(s) URL; null when it is neither.
    /// </summary>
    public static Uri? ServiceUrlOf(string storageDn)
    {
        var candidate = storageDn.Contains("://", StringComparison.Ordinal) ? storageDn : "https://" + storageDn;
        return Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.HostNameType != UriHostNameType.Unknown
            && string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            && (uri.AbsolutePath == "/" || storageDn.Contains("://", StringComparison.Ordinal))
                ? uri
                : null;
    }

    /// <summary>The key pair create_access_key answered. The answer is never quoted: it carries the secret.</summary>
    public static (string AccessKey, string SecretKey) ReadAccessKey(JsonElement answer)
    {
        foreach (var holder in new[] { answer, Data(answer) })
        {
            if (holder is { ValueKind: JsonValueKind.Object } h
                && FirstString(h, AccessKeyNames) is { } accessKey && FirstString(h, SecretKeyNames) is { } secretKey)
            {
                return (accessKey, secretKey);
            }
        }

        throw Unreadable(CreateAccessKey, "no access key and secret key");
    }

    /// <summary>The bytes a usage_stats answer reports for the one day asked for (see <see cref="UsageValueNames"/>).</summary>
    public static long ReadUsageBytes(JsonElement answer) =>
        UsageOf(answer, depth: 0) ?? throw Unreadable(UsageStats, "no usage figure in bytes");

    /// <summary>The error body's parts [official shape]; anything else yields nulls.</summary>
    public static (string? Type, string? Code, string? Message, IReadOnlyList<string> Details) ReadError(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("error", out var error))
        {
            return (null, null, body.ValueKind == JsonValueKind.Object ? String(body, "message") : null, []);
        }

        if (error.ValueKind == JsonValueKind.String)
        {
            return (null, null, error.GetString(), []);
        }

        if (error.ValueKind != JsonValueKind.Object)
        {
            return (null, null, null, []);
        }

        List<string> details = [];
        if (error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            // Their shape is undocumented ("details of error"): strings as they are, objects by their message or as JSON.
            details.AddRange(errors.EnumerateArray().Take(3).Select(e => e.ValueKind switch
            {
                JsonValueKind.String => e.GetString() ?? "",
                JsonValueKind.Object when String(e, "message") is { } m => String(e, "field") is { } f ? $"{f}: {m}" : m,
                _ => e.GetRawText(),
            }));
        }

        return (String(error, "type"), String(error, "code"), String(error, "message"), details);
    }

    private static long? UsageOf(JsonElement element, int depth)
    {
        if (depth > 2)
        {
            return null;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                long total = 0;
                foreach (var entry in element.EnumerateArray())
                {
                    if (UsageOf(entry, depth + 1) is not { } bytes)
                    {
                        return null;
                    }

                    total = checked(total + bytes);
                }

                return total;
            case JsonValueKind.Object:
                foreach (var name in UsageValueNames)
                {
                    if (element.TryGetProperty(name, out var value) && Bytes(value) is { } bytes)
                    {
                        return bytes;
                    }
                }

                foreach (var name in UsageListNames)
                {
                    if (element.TryGetProperty(name, out var inner) && inner.ValueKind is JsonValueKind.Array or JsonValueKind.Object
                        && UsageOf(inner, depth + 1) is { } bytes)
                    {
                        return bytes;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static long? Bytes(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var bytes) && bytes >= 0 => bytes,
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) => bytes,
        _ => null,
    };

    /// <summary>Refuses a success answer whose flag says the operation was not done (e.g. <c>user_created: false</c>).</summary>
    public static void EnsureDone(IDriveE2Operation operation, JsonElement answer)
    {
        if (operation.DoneFlag is { } flag && answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty(flag, out var done)
            && done.ValueKind == JsonValueKind.False)
        {
            throw new StorageProviderException(
                ProviderFailure.Unavailable, $"IDrive e2 answered {operation} without doing it ({flag}: false).");
        }
    }

    /// <summary>The failure of an answer that is not what the operation returns.</summary>
    public static StorageProviderException Unreadable(IDriveE2Operation operation, string what) =>
        new(ProviderFailure.Unavailable, $"IDrive e2 answered {operation} with something this server cannot read ({what}).");

    /// <summary>The answer's "data" object, when it has one.</summary>
    private static JsonElement? Data(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? data
            : null;

    private static JsonElement? FirstOfKind(JsonElement answer, string[] names, JsonValueKind kind)
    {
        if (answer.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (answer.TryGetProperty(name, out var value) && value.ValueKind == kind)
            {
                return value;
            }
        }

        return null;
    }

    private static string? FirstString(JsonElement holder, string[] names) =>
        names.Select(name => String(holder, name)).FirstOrDefault(value => value is not null);

    private static string? String(JsonElement holder, string name) =>
        holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : null;

    // "active" may be absent (then the region counts as active), a boolean, or a 0/1 or "true"/"false" spelling.
    private static bool IsInactive(JsonElement region) =>
        region.TryGetProperty("active", out var active) && active.ValueKind switch
        {
            JsonValueKind.False => true,
            JsonValueKind.Number => active.TryGetInt32(out var flag) && flag == 0,
            JsonValueKind.String => string.Equals(active.GetString(), "false", StringComparison.OrdinalIgnoreCase) || active.GetString() == "0",
            _ => false,
        };

    // Keys (OR, LDN) and codes (us-or, ca-mtl) are short letters, digits and dashes; anything else is not a region this
    // server would store or show.
    private static bool IsRegionKey(string value) =>
        value.Length is >= 1 and <= 32 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>
/// One reseller API operation: its method, its path relative to the base URL, and the flag its success answer carries
/// (false means it was not done).
/// </summary>
internal sealed record IDriveE2Operation(HttpMethod Method, string Path, string? DoneFlag = null)
{
    public override string ToString() => Path;
}
