// A fake of the Dropbox API v2, only what the API's Dropbox connector calls, in Dropbox's wire format:
// users/get_current_account (the check at insert), files/list_folder and files/list_folder/continue (cursor, has_more)
// and the OAuth token endpoint's refresh. One user whose root folder holds <count> files. Used by scripts/load.sh;
// listens on 127.0.0.1 only and prints "listening <port>" once it does.
//
//   node fake-dropbox.mjs <port> <count> <access-token> <refresh-token> <client-id> <client-secret>
import { createServer } from "node:http";

const [portText, countText, accessToken, refreshToken, clientId, clientSecret] = process.argv.slice(2);
const count = Number(countText);
const maxLimit = 2000;

const entries = Array.from({ length: count }, (_, i) => {
  const name = `file-${String(i).padStart(5, "0")}.txt`;
  return {
    ".tag": "file",
    name,
    path_lower: `/${name}`,
    path_display: `/${name}`,
    id: `id:bench${String(i).padStart(16, "0")}`,
    client_modified: "2026-01-01T00:00:00Z",
    server_modified: "2026-01-01T00:00:00Z",
    rev: "a1c10ce0dd78",
    size: 12,
    is_downloadable: true,
    content_hash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  };
});

function json(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  response.end(text);
}

function error(response, status, summary) {
  json(response, status, { error_summary: `${summary}/...`, error: { ".tag": summary.split("/")[0] } });
}

// The cursor carries where the next page starts; Dropbox's are opaque, and so is this one to the connector.
function page(response, offset, limit) {
  const slice = entries.slice(offset, offset + limit);
  const next = offset + slice.length;
  json(response, 200, { entries: slice, cursor: `AAF${next}-${limit}`, has_more: next < entries.length });
}

function listFolder(response, argument) {
  if (argument?.path !== "") return error(response, 409, "path/not_found");
  page(response, 0, Math.min(Math.max(Number(argument.limit ?? maxLimit), 1), maxLimit));
}

function listFolderContinue(response, argument) {
  const match = /^AAF(\d+)-(\d+)$/.exec(argument?.cursor ?? "");
  if (!match) return error(response, 409, "reset");
  page(response, Number(match[1]), Number(match[2]));
}

function currentAccount(response) {
  json(response, 200, {
    account_id: "dbid:1001",
    name: { display_name: "Load User", given_name: "Load", surname: "User", familiar_name: "Load" },
    email: "load@example.com",
    root_info: { ".tag": "user", root_namespace_id: "1001", home_namespace_id: "1001" },
  });
}

function token(response, form) {
  if (form.get("client_id") !== clientId || form.get("client_secret") !== clientSecret) {
    return json(response, 400, { error: "invalid_client", error_description: "Invalid client_id or client_secret" });
  }
  if (form.get("grant_type") !== "refresh_token" || form.get("refresh_token") !== refreshToken) {
    return json(response, 400, { error: "invalid_grant", error_description: "refresh token is invalid or revoked" });
  }
  json(response, 200, { access_token: accessToken, token_type: "bearer", expires_in: 14400 });
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", chunk => chunks.push(chunk)).on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const path = new URL(request.url, "http://127.0.0.1").pathname;
    if (request.method !== "POST") return error(response, 405, "method_not_allowed");
    if (path === "/oauth2/token") {
      const form = new URLSearchParams(body);
      // A confidential client may send its credentials as HTTP Basic instead of form fields.
      const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? "");
      if (basic) {
        const [id, secret] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
        form.set("client_id", decodeURIComponent(id));
        form.set("client_secret", decodeURIComponent(secret ?? ""));
      }
      return token(response, form);
    }
    if (request.headers.authorization !== `Bearer ${accessToken}`) return error(response, 401, "invalid_access_token");
    let argument = null;
    try {
      argument = body.length > 0 ? JSON.parse(body) : null;
    } catch {
      response.writeHead(400, { "Content-Type": "text/plain" });
      return response.end("Error in call to API function: request body: could not decode input as JSON");
    }
    switch (path) {
      case "/2/users/get_current_account": return currentAccount(response);
      case "/2/files/list_folder": return listFolder(response, argument);
      case "/2/files/list_folder/continue": return listFolderContinue(response, argument);
      default: return error(response, 404, "not_found");
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portText), "127.0.0.1", () => console.log(`listening ${server.address().port}`));
