// A fake of the IDrive e2 reseller API as the API's IDrive e2 storage host calls it: the API key in the "token"
// header, JSON both ways, users, regions enabled per user (each region's storage_dn is the benchmark's s3rver, so the
// first bucket of a new storage is real), access keys (s3rver's pair) and the usage report. Used by scripts/load.sh;
// listens on 127.0.0.1 only and prints "listening <port>" once it does. The base URL is http://127.0.0.1:<port>/api/reseller/v1.
//
//   node fake-idrive-e2.mjs <port> <api-key> <s3-url> <s3-access-key> <s3-secret-key>
import { createServer } from "node:http";

const [portText, apiKey, s3Url, s3AccessKey, s3SecretKey] = process.argv.slice(2);
const prefix = "/api/reseller/v1/";
const regions = [
  { region_key: "OR", region_name: "Oregon", country: "US", active: true, region_code: "us-or" },
  { region_key: "VA", region_name: "Virginia", country: "US", active: true, region_code: "us-va" },
  { region_key: "IE", region_name: "Ireland", country: "IE", active: true, region_code: "eu-ie" },
];
const methods = {
  regions: "GET", create_user: "PUT", remove_user: "POST", enable_user_region: "POST", remove_user_region: "POST",
  create_access_key: "POST", remove_access_key: "POST", usage_stats: "POST",
};
const users = new Map(); // e-mail -> { regions: Map(key -> storage_dn), keys: [{ accessKey, storageDn }] }

function answer(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  response.end(text);
}

const invalid = (response, detail) => answer(response, 400, {
  error: { type: "invalid_request_error", code: "invalid_parameters", message: "Invalid parameter values, check errors for details", errors: [detail] },
});

function operate(response, operation, body) {
  if (operation === "regions") return answer(response, 200, regions);
  const user = users.get(body.email);
  if (operation === "create_user") {
    if (user) return invalid(response, "email already exists");
    if (!body.password || !body.first_name || body.quota === undefined) return invalid(response, "password, first_name and quota are required");
    users.set(body.email, { regions: new Map(), keys: [] });
    return answer(response, 200, { user_created: true });
  }
  if (!user) return invalid(response, "user not found");
  switch (operation) {
    case "remove_user":
      users.delete(body.email);
      return answer(response, 200, { user_removed: true });
    case "enable_user_region": {
      if (!regions.some(r => r.region_key === body.region)) return invalid(response, "region is not valid");
      if (user.regions.has(body.region)) return invalid(response, "region already enabled");
      // Each region's storage_dn must be its own (removals find the region by it): s3rver's URL, with as many "./" as
      // the region's place in the list, which URL parsing drops again.
      const storageDn = `${s3Url}/${"./".repeat(regions.findIndex(r => r.region_key === body.region))}`;
      user.regions.set(body.region, storageDn);
      return answer(response, 200, { storage_added: true, storage_dn: storageDn });
    }
    case "remove_user_region": {
      const key = [...user.regions].find(([, dn]) => dn === body.storage_dn)?.[0];
      if (!key) return invalid(response, "storage_dn not found");
      user.regions.delete(key);
      return answer(response, 200, { removed: true });
    }
    case "create_access_key":
      if (![...user.regions.values()].includes(body.storage_dn) || !body.name || body.permission === undefined) {
        return invalid(response, "storage_dn, name and permission are required");
      }
      user.keys.push({ accessKey: s3AccessKey, storageDn: body.storage_dn });
      return answer(response, 200, { created: true, data: { access_key: s3AccessKey, secret_key: s3SecretKey, name: body.name } });
    case "remove_access_key":
      user.keys = user.keys.filter(k => !(k.accessKey === body.access_key && k.storageDn === body.storage_dn));
      return answer(response, 200, { removed: true });
    default: // usage_stats
      return answer(response, 200, {
        usage_stats: [...user.regions.values()].map(dn => ({ date: body.date_from, storage_dn: dn, storage_used: 0 })),
      });
  }
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", chunk => chunks.push(chunk)).on("end", () => {
    const path = new URL(request.url, "http://127.0.0.1").pathname;
    const operation = path.startsWith(prefix) ? path.slice(prefix.length) : "";
    if (request.headers.token !== apiKey) {
      return answer(response, 401, { error: { type: "invalid_request_error", code: "unauthorized", message: "Authentication header missing/invalid" } });
    }
    if (!methods[operation]) return answer(response, 404, { error: { type: "invalid_request_error", code: "not_found", message: "Unknown API" } });
    if (request.method !== methods[operation]) {
      return answer(response, 405, { error: { type: "invalid_request_error", code: "method_not_allowed", message: `Use ${methods[operation]}` } });
    }
    let body = {};
    if (operation !== "regions") {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return invalid(response, "body must be a JSON object");
      }
      if (typeof body !== "object" || body === null || typeof body.email !== "string") return invalid(response, "email is required");
    }
    operate(response, operation, body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portText), "127.0.0.1", () => console.log(`listening ${server.address().port}`));
