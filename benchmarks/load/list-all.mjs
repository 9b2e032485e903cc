// Lists a whole folder page by page (1,000 a page), through the API or straight from the provider, and prints the mean
// time of one complete listing. Used by scripts/load.sh; only ever talks to 127.0.0.1.
//
//   node list-all.mjs api     <api-url>     <token>        <cloudAccountId> <bucket>    <expected> <repetitions>
//   node list-all.mjs api-id  <api-url>     <token>        <cloudAccountId> <folder-id> <expected> <repetitions>
//   node list-all.mjs direct  <s3-url>      -              -                <bucket>    <expected> <repetitions>
//   node list-all.mjs dropbox <dropbox-url> <access-token> -                -           <expected> <repetitions>
// (Azure's direct side is azure-blobs.mjs, which signs its requests.)
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
      // S3 and Azure folders are named by bucket; OAuth drives' by the id the API gave them.
      body: JSON.stringify({
        cloudAccountId: accountId, ...(mode === "api-id" ? { id: bucket } : { bucketName: bucket }), path: "/", count: pageSize, continuationToken,
      }),
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

// files/list_folder, then files/list_folder/continue with the cursor while has_more: what the connector sends.
async function dropbox() {
  let entries = 0;
  let cursor = null;
  do {
    const [route, argument] = cursor
      ? ["2/files/list_folder/continue", { cursor }]
      : ["2/files/list_folder", { path: "", limit: pageSize, include_deleted: false }];
    const response = await fetch(`${base}/${route}`, {
      method: "POST",
      headers: { "Authorization": `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(argument),
    });
    if (!response.ok) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
    const page = await response.json();
    entries += page.entries.length;
    cursor = page.has_more ? page.cursor : null;
  } while (cursor);
  return entries;
}

const listOnce = { "api": throughApi, "api-id": throughApi, "direct": direct, "dropbox": dropbox }[mode];
if (!listOnce) throw new Error(`unknown mode ${mode}`);
const warmupKeys = await listOnce();
if (warmupKeys !== expected) throw new Error(`${mode} listed ${warmupKeys} keys, expected ${expected}`);

const started = process.hrtime.bigint();
for (let i = 0; i < repetitions; i++) await listOnce();
const meanMs = Number(process.hrtime.bigint() - started) / 1e6 / repetitions;
console.log(meanMs.toFixed(1));
