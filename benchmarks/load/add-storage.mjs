// Times idrive_add_storage calls one after the other, each by a new user (a second storage of the same user, region
// and tier is refused), and prints one JSON line: every call's milliseconds, p50, p90 and mean. The first <warm-up>
// calls are made and checked but not timed. Tokens are minted here with the same HS256 key and issuer as load.sh's.
// Used by scripts/load.sh; only ever talks to 127.0.0.1.
//
//   node add-storage.mjs <api-url> <hs256-key-hex> <issuer> <calls> <warm-up>
import { createHmac, randomUUID } from "node:crypto";

const [base, keyHex, issuer, callsText, warmupText] = process.argv.slice(2);
const calls = Number(callsText);
const warmup = Number(warmupText);

const b64url = value => Buffer.from(value).toString("base64url");

function tokenForNewUser(n) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(JSON.stringify({
    sub: randomUUID(), account_id: randomUUID(), user_type: 16, email: `storage-${n}-${randomUUID().slice(0, 8)}@amove.test`,
    iss: issuer, aud: issuer, iat: now, nbf: now, exp: now + 3600,
  }));
  const signature = createHmac("sha256", Buffer.from(keyHex, "hex")).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

async function addStorage(token) {
  const started = process.hrtime.bigint();
  const response = await fetch(`${base}/api/v1/cloudaccount/idrive_add_storage`, {
    method: "POST",
    headers: { "Authorization": `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ regionName: "OR", storageTier: 1, shared: false }),
  });
  const text = await response.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!response.ok) throw new Error(`idrive_add_storage answered ${response.status} ${response.headers.get("error-code") ?? ""}: ${text}`);
  if (!JSON.parse(text).id) throw new Error(`idrive_add_storage answered no account id: ${text}`);
  return ms;
}

const samples = [];
for (let i = 0; i < warmup + calls; i++) {
  // Minted outside the timed call: only the API's work is measured.
  const ms = await addStorage(tokenForNewUser(i));
  if (i >= warmup) samples.push(ms);
}
const sorted = [...samples].sort((a, b) => a - b);
const percentile = p => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
const round = value => Math.round(value * 10) / 10;
console.log(JSON.stringify({
  samples_ms: samples.map(round),
  p50_ms: round(percentile(50)),
  p90_ms: round(percentile(90)),
  mean_ms: round(samples.reduce((a, b) => a + b, 0) / samples.length),
}));
