// Azurite's Blob service straight over its REST API, signed with Shared Key as any Azure client signs (Azurite's
// well-known development account): creates a container and seeds it, or lists it page by page as list-all.mjs lists
// through the API. Used by scripts/load.sh; only ever talks to 127.0.0.1.
//
//   node azure-blobs.mjs seed <account-url> <container> <count>     # account-url: http://127.0.0.1:<port>/devstoreaccount1
//   node azure-blobs.mjs list <account-url> <container> <expected-blobs> <repetitions>
import { createHmac } from "node:crypto";

const accountName = "devstoreaccount1";
// Azurite's documented development key: public, and accepted by nothing but the emulator.
const accountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const apiVersion = "2021-12-02";
const pageSize = 1000;
const seedConcurrency = 16;

// Shared Key (https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key): the verb, the standard
// headers in a fixed order, the x-ms-* headers, then the account and path with the query parameters sorted.
function sign(method, url, headers) {
  const standard = ["content-encoding", "content-language", "content-length", "content-md5", "content-type", "date",
    "if-modified-since", "if-match", "if-none-match", "if-unmodified-since", "range"]
    .map(name => (name === "content-length" && headers[name] === "0") ? "" : (headers[name] ?? ""));
  const msHeaders = Object.keys(headers).filter(name => name.startsWith("x-ms-")).sort()
    .map(name => `${name}:${headers[name]}\n`).join("");
  const parameters = [...new Set(url.searchParams.keys())].map(name => name.toLowerCase()).sort()
    .map(name => `\n${name}:${url.searchParams.getAll(name).sort().join(",")}`).join("");
  const resource = `/${accountName}${decodeURIComponent(url.pathname)}${parameters}`;
  const text = [method, ...standard, msHeaders + resource].join("\n");
  return `SharedKey ${accountName}:${createHmac("sha256", Buffer.from(accountKey, "base64")).update(text, "utf8").digest("base64")}`;
}

async function send(method, url, body) {
  const headers = { "x-ms-date": new Date().toUTCString(), "x-ms-version": apiVersion };
  if (body !== undefined) {
    headers["content-length"] = String(Buffer.byteLength(body));
    headers["content-type"] = "text/plain";
    headers["x-ms-blob-type"] = "BlockBlob";
  }
  headers.authorization = sign(method, url, headers);
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url.pathname}${url.search} answered ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

async function seed(base, container, count) {
  await send("PUT", new URL(`${base}/${container}?restype=container`));
  let next = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      await send("PUT", new URL(`${base}/${container}/file-${String(i).padStart(5, "0")}.txt`), `object ${i}\n`);
    }
  }
  await Promise.all(Array.from({ length: seedConcurrency }, worker));
}

// List Blobs with the delimiter and page size the API's connector uses, following NextMarker.
async function listOnce(base, container) {
  let blobs = 0;
  let marker = null;
  do {
    const url = new URL(`${base}/${container}`);
    url.searchParams.set("restype", "container");
    url.searchParams.set("comp", "list");
    url.searchParams.set("delimiter", "/");
    url.searchParams.set("maxresults", String(pageSize));
    if (marker) url.searchParams.set("marker", marker);
    const xml = await send("GET", url);
    blobs += (xml.match(/<Blob>/g) ?? []).length;
    marker = xml.match(/<NextMarker>([^<]+)<\/NextMarker>/)?.[1] ?? null;
  } while (marker);
  return blobs;
}

const [command, base, container, countText, repetitionsText] = process.argv.slice(2);
if (command === "seed") {
  await seed(base, container, Number(countText));
} else if (command === "list") {
  const expected = Number(countText);
  const warmup = await listOnce(base, container);
  if (warmup !== expected) throw new Error(`Azurite listed ${warmup} blobs, expected ${expected}`);
  const started = process.hrtime.bigint();
  for (let i = 0; i < Number(repetitionsText); i++) await listOnce(base, container);
  console.log((Number(process.hrtime.bigint() - started) / 1e6 / Number(repetitionsText)).toFixed(1));
} else {
  throw new Error(`unknown command ${command}`);
}
