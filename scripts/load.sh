#!/usr/bin/env bash
# End-to-end load measurement of the API on loopback: latency (1 connection) and throughput
# (8 connections) of the hot endpoints, and what the API adds on top of a direct S3 listing.
#
#   bash scripts/load.sh                        # ~4 minutes: publish, seed, 12 wrk runs of 3 + 15 s
#   LOAD_DURATION=30 bash scripts/load.sh       # longer measured runs
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, password amove-test) and the s3rver that
# scripts/test.sh caches; if either is missing, run once:
#   bash scripts/test.sh --filter FullyQualifiedName~Health
# Everything else is its own and thrown away at the end (trap): a fresh database, its own
# s3rver and API on free ports, a temporary key ring. Every wrk run is bounded in time, so the
# script always stops by itself. Nothing but 127.0.0.1 is ever called.
#
# Speed targets live here and in benchmarks/, not in timed tests (see benchmarks/README.md).
set -Eeuo pipefail

DURATION="${LOAD_DURATION:-15}"    # seconds measured per scenario and connection count
WARMUP="${LOAD_WARMUP:-3}"         # seconds of discarded load before each measured run
THREADS_MAX=2                      # wrk threads; this machine has 2 cores shared with the API
ACCOUNTS=20                        # accounts get_all returns
OBJECTS=100                        # keys in the bucket list_objects pages through
BUCKET=load-bucket
OVERHEAD_TARGET_MS=3               # API's added p90 latency over a direct provider call (reliability reference)
STARTUP_TIMEOUT=60                 # seconds to wait for s3rver or the API to answer

PG_HOST=127.0.0.1 PG_PORT=5432 PG_USER=postgres PG_PASSWORD="${AMOVE_PG_PASSWORD:-amove-test}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
TOOLS_DIR="${AMOVE_TOOLS_DIR:-$HOME/.cache/amove-cloudaccounts}"
S3RVER_JS="$TOOLS_DIR/node_modules/s3rver/bin/s3rver.js"
ISSUER=amove-load

WORK="" DB="" S3_PID="" API_PID=""

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- cleanup
# Stops only the processes this script started (by pid) and drops only its own database.
cleanup() {
  local rc=$?
  set +e
  for pid in "$API_PID" "$S3_PID"; do
    [ -n "$pid" ] || continue
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null # also silences bash's "Terminated" notice
  done
  if [ -n "$DB" ]; then
    psql_admin -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 ||
      printf 'WARNING: could not drop database %s\n' "$DB" >&2
  fi
  [ -z "$WORK" ] || rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

psql_admin() {
  PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=5 psql -X -q -w -v ON_ERROR_STOP=1 \
    -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"
}

# A port the kernel just handed out and released; racy in theory, fine on a quiet loopback.
free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

wait_for_http() { # name url pid log
  local name=$1 url=$2 pid=$3 log=$4 i
  for ((i = 0; i < STARTUP_TIMEOUT * 4; i++)); do
    curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  tail -n 30 "$log" >&2
  die "$name did not answer $url (within ${STARTUP_TIMEOUT}s, or it exited)"
}

# ---------------------------------------------------------------- prerequisites
cd "$ROOT"
# Other work on this 2-core machine skews every number: record how busy it was beforehand.
LOADAVG_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
for tool in dotnet node curl openssl psql; do
  command -v "$tool" >/dev/null || die "$tool is not on PATH"
done
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  [ "$(id -u)" -eq 0 ] || die "wrk is missing; install it (apt-get install wrk) or run as root"
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2
fi
[ -f "$S3RVER_JS" ] || die "s3rver is not in $TOOLS_DIR; run: bash scripts/test.sh --filter FullyQualifiedName~Health"
psql_admin -c 'SELECT 1' >/dev/null 2>&1 ||
  die "cannot log in to PostgreSQL on $PG_HOST:$PG_PORT as $PG_USER; run: bash scripts/test.sh --filter FullyQualifiedName~Health"

export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/amove-load.XXXXXX")
mkdir -p "$WORK/s3" "$WORK/keys" "$WORK/wrk"

# ---------------------------------------------------------------- build
# Published into the work folder rather than run from bin/Release, so a concurrent
# `dotnet test -c Release` cannot swap the binaries under the running server.
log "publishing the API (Release)"
dotnet publish src/Amove.CloudAccounts.Api -c Release -o "$WORK/api" --nologo -v quiet >"$WORK/publish.log" 2>&1 ||
  { tail -n 30 "$WORK/publish.log" >&2; die "dotnet publish failed"; }

# ---------------------------------------------------------------- s3rver
S3_PORT=$(free_port)
S3_URL="http://127.0.0.1:$S3_PORT"
# --openssl-legacy-provider: s3rver 3.7.1 needs a cipher OpenSSL 3 dropped (see scripts/test.sh).
node --openssl-legacy-provider "$S3RVER_JS" -d "$WORK/s3" -a 127.0.0.1 -p "$S3_PORT" --silent \
  </dev/null >"$WORK/s3rver.log" 2>&1 &
S3_PID=$!
wait_for_http s3rver "$S3_URL/" "$S3_PID" "$WORK/s3rver.log"

log "creating bucket $BUCKET with $OBJECTS objects"
curl -fsS -o /dev/null -X PUT "$S3_URL/$BUCKET"
for ((i = 0; i < OBJECTS; i++)); do
  # s3rver accepts unsigned requests; the API's own calls are SigV4-signed as with any provider.
  printf 'object %d\n' "$i" | curl -fsS -o /dev/null -X PUT --data-binary @- "$S3_URL/$BUCKET/$(printf 'file-%03d.txt' "$i")"
done

# ---------------------------------------------------------------- database and API
DB="amove_load_$$_$RANDOM"
psql_admin -c "CREATE DATABASE \"$DB\"" >/dev/null
log "database $DB created"

# HS256 key: raw bytes for signing here, base64 for the API's configuration.
openssl rand 32 >"$WORK/jwt.key"
KEY_HEX=$(od -An -v -tx1 "$WORK/jwt.key" | tr -d ' \n')
KEY_B64=$(openssl base64 -A -in "$WORK/jwt.key")

API_PORT=$(free_port)
API="http://127.0.0.1:$API_PORT"
log "starting the API on $API"
(
  # The content root (appsettings.json) is the working directory of `dotnet app.dll`.
  cd "$WORK/api"
  exec env \
    Database__Provider=Postgres \
    ConnectionStrings__CloudAccounts="Host=$PG_HOST;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASSWORD;Database=$DB" \
    Authentication__Schemes__Bearer__ValidIssuer="$ISSUER" \
    Authentication__Schemes__Bearer__ValidAudiences__0="$ISSUER" \
    Authentication__Schemes__Bearer__SigningKeys__0__Issuer="$ISSUER" \
    Authentication__Schemes__Bearer__SigningKeys__0__Value="$KEY_B64" \
    Logging__LogLevel__Default=Warning \
    Logging__LogLevel__Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware=Warning \
    RateLimiting__Enabled=false \
    Outbound__AllowedHosts__0="127.0.0.1:$S3_PORT" \
    DataProtection__KeysDirectory="$WORK/keys" \
    dotnet Amove.CloudAccounts.Api.dll --urls "$API"
) </dev/null >"$WORK/api.log" 2>&1 &
API_PID=$!
wait_for_http API "$API/health/live" "$API_PID" "$WORK/api.log"

# ---------------------------------------------------------------- token
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
NOW=$(date +%s)
HEADER=$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64url)
PAYLOAD=$(printf '{"sub":"%s","account_id":"%s","user_type":16,"iss":"%s","aud":"%s","iat":%d,"nbf":%d,"exp":%d}' \
  "$(cat /proc/sys/kernel/random/uuid)" "$(cat /proc/sys/kernel/random/uuid)" "$ISSUER" "$ISSUER" \
  "$NOW" "$NOW" "$((NOW + 3600))" | b64url)
SIGNATURE=$(printf '%s.%s' "$HEADER" "$PAYLOAD" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY_HEX" -binary | b64url)
TOKEN="$HEADER.$PAYLOAD.$SIGNATURE"

# ---------------------------------------------------------------- seed
api() { # method path [json body]; fails on anything but 2xx
  local args=(-fsS --max-time 30 -X "$1" "$API/api/v1/cloudaccount/$2" -H "Authorization: Bearer $TOKEN")
  [ -z "${3:-}" ] || args+=(-H 'Content-Type: application/json' --data "$3")
  curl "${args[@]}"
}
# Prints a JS expression over the JSON on stdin (node is already required for s3rver; jq may be absent).
json() {
  node -e 'let s = ""; process.stdin.on("data", d => s += d).on("end", () =>
    console.log(new Function("o", "return " + process.argv[1])(JSON.parse(s))))' "$1"
}

log "inserting $ACCOUNTS S3 Generic accounts"
for ((i = 1; i <= ACCOUNTS; i++)); do
  ACCOUNT_ID=$(api POST insert "$(printf '{"cloudType":8,"name":"load %02d","accessKey":"S3RVER","secretKey":"S3RVER","serviceUrl":"%s"}' "$i" "$S3_URL")" | json 'o.id')
done

# Check each scenario once before timing it: a fast error page would make a fine-looking number.
[ "$(api GET get_all | json 'o.data.length')" = "$ACCOUNTS" ] || die "get_all does not return $ACCOUNTS accounts"
[ "$(api GET 'get_all?pageSize=1&page=1' | json 'o.data.length + "/" + o.total')" = "1/$ACCOUNTS" ] || die "paged get_all is wrong"
list_body() { printf '{"cloudAccountId":"%s","bucketName":"%s","path":"%s","count":%d}' "$ACCOUNT_ID" "$BUCKET" "$1" "$OBJECTS"; }
LIST_BODY=$(list_body /)
EMPTY_BODY=$(list_body /empty/)
[ "$(api POST list_objects "$LIST_BODY" | json 'o.data.length')" = "$OBJECTS" ] || die "list_objects does not return $OBJECTS objects"
[ "$(api POST list_objects "$EMPTY_BODY" | json 'o.data.length')" = 0 ] || die "list_objects of an empty folder is not empty"
DIRECT_PATH="/$BUCKET?list-type=2&delimiter=%2F&max-keys=$OBJECTS"
[ "$(curl -fsS "$S3_URL$DIRECT_PATH" | grep -o '<Key>' | wc -l)" = "$OBJECTS" ] || die "direct listing does not return $OBJECTS keys"

# ---------------------------------------------------------------- measure
# One Lua script per scenario: the request, and a done() that prints one parseable line.
cat >"$WORK/wrk/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
LUA
lua_string() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
scenario_script() { # name method [body] [auth: yes|no]
  local file="$WORK/wrk/$1.lua"
  {
    printf 'wrk.method = "%s"\n' "$2"
    [ "${4:-yes}" = no ] || printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$TOKEN"
    if [ -n "${3:-}" ]; then
      printf 'wrk.headers["Content-Type"] = "application/json"\nwrk.body = "%s"\n' "$(lua_string "$3")"
    fi
    cat "$WORK/wrk/report.lua"
  } >"$file"
  printf '%s' "$file"
}

# CPU time (user + system, ms) a process has used: tells the API's own cost per request apart from
# waiting on PostgreSQL or s3rver, which share the same 2 cores.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d\n", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }

ROWS=()
declare -A P90
run() { # label connections script url
  local label=$1 conns=$2 script=$3 url=$4 threads out cpu0 cpu1
  threads=$((conns < THREADS_MAX ? conns : THREADS_MAX))
  timeout $((WARMUP + 30)) wrk -t"$threads" -c"$conns" -d"${WARMUP}s" -s "$script" "$url" >/dev/null
  log "$label, $conns connection(s), ${DURATION}s"
  cpu0=$(cpu_ms "$API_PID")
  out=$(timeout $((DURATION + 30)) wrk -t"$threads" -c"$conns" -d"${DURATION}s" --timeout 10s -s "$script" "$url")
  cpu1=$(cpu_ms "$API_PID")
  # RESULT requests duration_us p50_us p90_us p99_us errors
  read -r _ req dur p50 p90 p99 err < <(grep '^RESULT ' <<<"$out") || die "wrk printed no result for $label: $out"
  P90["$label/$conns"]=$p90
  ROWS+=("$(awk -v l="$label" -v c="$conns" -v r="$req" -v d="$dur" -v a="$p50" -v b="$p90" -v z="$p99" -v e="$err" \
    -v cpu="$((cpu1 - cpu0))" \
    'BEGIN { printf "%-34s %5d %9d %7.0f %7.2f %7.2f %7.2f %6d %8.2f", l, c, r, r / (d / 1e6), a / 1000, b / 1000, z / 1000, e, cpu / r }')")
}

HEALTH=$(scenario_script health GET "" no)
GET_ALL=$(scenario_script get_all GET)
LIST=$(scenario_script list_objects POST "$LIST_BODY")
EMPTY_LIST=$(scenario_script list_objects_empty POST "$EMPTY_BODY")
DIRECT=$(scenario_script direct GET "" no)

for conns in 1 8; do
  run "GET /health/live" "$conns" "$HEALTH" "$API/health/live"
  run "GET get_all (20 accounts)" "$conns" "$GET_ALL" "$API/api/v1/cloudaccount/get_all"
  run "GET get_all?pageSize=1&page=1" "$conns" "$GET_ALL" "$API/api/v1/cloudaccount/get_all?pageSize=1&page=1"
  run "POST list_objects (100 keys)" "$conns" "$LIST" "$API/api/v1/cloudaccount/list_objects"
  run "s3rver ListObjectsV2 direct" "$conns" "$DIRECT" "$S3_URL$DIRECT_PATH"
done
# The same pair on an empty folder, latency only: s3rver's own work (it keeps about 1.25 of the
# 2 cores busy listing 100 keys back to back) and its variance then stop drowning out what the API adds.
run "POST list_objects (empty folder)" 1 "$EMPTY_LIST" "$API/api/v1/cloudaccount/list_objects"
run "s3rver ListObjectsV2 direct empty" 1 "$DIRECT" "$S3_URL$DIRECT_PATH&prefix=empty%2F"

# ---------------------------------------------------------------- report
printf '\nLoad on 127.0.0.1: %ss per run after %ss warm-up; %s cores; load average at start: %s\n' \
  "$DURATION" "$WARMUP" "$(nproc)" "$LOADAVG_AT_START"
printf '%-34s %5s %9s %7s %7s %7s %7s %6s %8s\n' scenario conns requests RPS 'p50 ms' 'p90 ms' 'p99 ms' errors 'API cpu'
printf '%s\n' "${ROWS[@]}"
printf '(API cpu: ms of CPU the API process used per request, all its threads)\n'
added_latency() { # api-label direct-label connections
  awk -v what="$1 vs direct" -v c="$3" -v api="${P90["$1/$3"]}" -v direct="${P90["$2/$3"]}" \
    -v target="$OVERHEAD_TARGET_MS" 'BEGIN {
      added = (api - direct) / 1000
      printf "added p90 latency, %s, %d connection(s): %+.2f ms (target <= +%d ms): %s\n",
        what, c, added, target, added <= target ? "met" : "MISSED"
    }'
}
added_latency "POST list_objects (100 keys)" "s3rver ListObjectsV2 direct" 1
added_latency "POST list_objects (100 keys)" "s3rver ListObjectsV2 direct" 8
added_latency "POST list_objects (empty folder)" "s3rver ListObjectsV2 direct empty" 1
