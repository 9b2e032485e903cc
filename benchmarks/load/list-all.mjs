// Lists a whole S3 folder page by page, through the API or straight from the S3 server, and prints the mean time of
// one complete listing. Used by scripts/load.sh; only ever talks to 127.0.0.1.
//
//   node list-all.mjs api    <api-url> <token> <cloudAccountId> <bucket> <expected-keys> <repetitions>
//   node list-all.mjs direct <s3-url>  -       -                <bucket> <expected-keys> <repetitions>
const [mode, base, token, accountId, bucket, expectedText, repetitionsText] = process.argv.slice(2);
const expected = Number(expectedText);
const repetitions = Number(repetitionsText);
const pageSize = 1000;

async function throughApi() {
  let keys = 0;
  let continuationToken = null;
  do {
    const response = await fetch(`${base}/api/v1/cloudaccount/list_objects`, {
      method: "POST",
      headers: { "Authorization": `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ cloudAccountId: accountId, bucketName: bucket, path: "/", count: pageSize, continuationToken }),
    });
    if (!response.ok) throw new Error(`list_objects answered ${response.status}: ${await response.text()}`);
    const page = await response.json();
    keys += page.data.length;
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return keys;
}

async function direct() {
  let keys = 0;
  let continuationToken = null;
  do {
    const query = new URLSearchParams({ "list-type": "2", delimiter: "/", "max-keys": String(pageSize) });
    if (continuationToken) query.set("continuation-token", continuationToken);
    const response = await fetch(`${base}/${bucket}?${query}`);
    if (!response.ok) throw new Error(`ListObjectsV2 answered ${response.status}`);
    const xml = await response.text();
    keys += (xml.match(/<Key>/g) ?? []).length;
    const truncated = /<IsTruncated>true<\/IsTruncated>/.test(xml);
    continuationToken = truncated ? xml.match(/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/)[1] : null;
  } while (continuationToken);
  return keys;
}

const listOnce = mode === "api" ? throughApi : direct;
const warmupKeys = await listOnce();
if (warmupKeys !== expected) throw new Error(`${mode} listed ${warmupKeys} keys, expected ${expected}`);

const started = process.hrtime.bigint();
for (let i = 0; i < repetitions; i++) await listOnce();
const meanMs = Number(process.hrtime.bigint() - started) / 1e6 / repetitions;
console.log(meanMs.toFixed(1));
