// Creates <count> small objects in <bucket> on an S3 server that takes unsigned PUTs (s3rver), 16 at a time.
//   node put-objects.mjs <s3-url> <bucket> <count>
const [base, bucket, countText] = process.argv.slice(2);
const count = Number(countText);
let next = 0;

async function worker() {
  while (next < count) {
    const i = next++;
    const key = `file-${String(i).padStart(5, "0")}.txt`;
    const response = await fetch(`${base}/${bucket}/${key}`, { method: "PUT", body: `object ${i}\n` });
    if (!response.ok) throw new Error(`PUT ${key} answered ${response.status}`);
  }
}

await Promise.all(Array.from({ length: 16 }, worker));
