#!/usr/bin/env bash
# End-to-end performance figures of the API on loopback, each measured side by side with its yardstick in
# one run (a 2-core machine shares its cores between wrk, the API, PostgreSQL and s3rver, so only ratios
# measured together mean anything):
#   - get_all of 200 accounts at 32 connections, against a lean reference (benchmarks/
#     Amove.CloudAccounts.LeanReference: one raw Npgsql query behind the same JwtBearer, same database)
#   - list_buckets of 50 buckets with includeRegion true against false
#   - listing 10,000 objects page by page through the API against listing them straight from s3rver
#   - the API's resident memory after the load, and the time from process start to /health/ready
#
#   bash scripts/load.sh                        # ~5 minutes
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

DURATION="${LOAD_DURATION:-15}"    # seconds measured per wrk run
WARMUP="${LOAD_WARMUP:-10}"        # seconds of discarded load before each measured run (both servers tier up)
THREADS_MAX=2                      # wrk threads; this machine has 2 cores shared with the API
ACCOUNTS=200                       # accounts get_all returns
BUCKETS=50                         # buckets list_buckets returns
OBJECTS=10000                      # keys in the bucket that is listed page by page
LISTINGS=5                         # complete listings timed each way
STARTS=5                           # cold starts timed (median reported)
BUCKET=load-bucket
STARTUP_TIMEOUT=60                 # seconds to wait for s3rver or the API to answer

PG_HOST=127.0.0.1 PG_PORT=5432 PG_USER=postgres PG_PASSWORD="${AMOVE_PG_PASSWORD:-amove-test}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
TOOLS_DIR="${AMOVE_TOOLS_DIR:-$HOME/.cache/amove-cloudaccounts}"
S3RVER_JS="$TOOLS_DIR/node_modules/s3rver/bin/s3rver.js"
ISSUER=amove-load

WORK="" DB="" S3_PID="" API_PID="" LEAN_PID=""

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- cleanup
# Stops only the processes this script started (by pid) and drops only its own database.
cleanup() {
  local rc=$?
  set +e
  for pid in "$API_PID" "$LEAN_PID" "$S3_PID"; do
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
# As the Dockerfile publishes it: ReadyToRun for linux-x64.
dotnet publish src/Amove.CloudAccounts.Api -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$WORK/api" --nologo -v quiet >"$WORK/publish.log" 2>&1 ||
  { tail -n 30 "$WORK/publish.log" >&2; die "dotnet publish failed"; }
dotnet publish benchmarks/Amove.CloudAccounts.LeanReference -c Release -o "$WORK/lean" --nologo -v quiet >"$WORK/publish-lean.log" 2>&1 ||
  { tail -n 30 "$WORK/publish-lean.log" >&2; die "dotnet publish (lean reference) failed"; }

# ---------------------------------------------------------------- s3rver
S3_PORT=$(free_port)
S3_URL="http://127.0.0.1:$S3_PORT"
# --openssl-legacy-provider: s3rver 3.7.1 needs a cipher OpenSSL 3 dropped (see scripts/test.sh).
node --openssl-legacy-provider "$S3RVER_JS" -d "$WORK/s3" -a 127.0.0.1 -p "$S3_PORT" --silent \
  </dev/null >"$WORK/s3rver.log" 2>&1 &
S3_PID=$!
wait_for_http s3rver "$S3_URL/" "$S3_PID" "$WORK/s3rver.log"

log "creating $BUCKETS buckets, one of them ($BUCKET) with $OBJECTS objects"
# s3rver accepts unsigned requests; the API's own calls are SigV4-signed as with any provider.
curl -fsS -o /dev/null -X PUT "$S3_URL/$BUCKET"
for ((i = 1; i < BUCKETS; i++)); do curl -fsS -o /dev/null -X PUT "$S3_URL/$(printf 'bucket-%02d' "$i")"; done
node benchmarks/load/put-objects.mjs "$S3_URL" "$BUCKET" "$OBJECTS"

# ---------------------------------------------------------------- database, API and lean reference
DB="amove_load_$$_$RANDOM"
psql_admin -c "CREATE DATABASE \"$DB\"" >/dev/null
log "database $DB created"
CONNECTION_STRING="Host=$PG_HOST;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASSWORD;Database=$DB"

# HS256 key: raw bytes for signing here, base64 for the API's configuration.
openssl rand 32 >"$WORK/jwt.key"
KEY_HEX=$(od -An -v -tx1 "$WORK/jwt.key" | tr -d ' \n')
KEY_B64=$(openssl base64 -A -in "$WORK/jwt.key")

# The settings both servers share: the same database and the same token validation.
COMMON_ENV=(
  ConnectionStrings__CloudAccounts="$CONNECTION_STRING"
  Authentication__Schemes__Bearer__ValidIssuer="$ISSUER"
  Authentication__Schemes__Bearer__ValidAudiences__0="$ISSUER"
  Authentication__Schemes__Bearer__SigningKeys__0__Issuer="$ISSUER"
  Authentication__Schemes__Bearer__SigningKeys__0__Value="$KEY_B64"
  Logging__LogLevel__Default=Warning
  Logging__LogLevel__Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware=Warning
)

API_PORT=$(free_port)
API="http://127.0.0.1:$API_PORT"
start_api() {
  (
    # The content root (appsettings.json) is the working directory of `dotnet app.dll`.
    cd "$WORK/api"
    exec env "${COMMON_ENV[@]}" \
      Database__Provider=Postgres \
      RateLimiting__Enabled=false \
      Outbound__AllowedHosts__0="127.0.0.1:$S3_PORT" \
      DataProtection__KeysDirectory="$WORK/keys" \
      AmoveStorage__Host=S3 AmoveStorage__DefaultRegion=LOAD AmoveStorage__S3__AllowSharedCredentials=true \
      AmoveStorage__S3__Regions__0__Code=LOAD AmoveStorage__S3__Regions__0__Name=Load \
      AmoveStorage__S3__Regions__0__ServiceUrl="http://127.0.0.1:$S3_PORT" \
      AmoveStorage__S3__Regions__0__AccessKey=S3RVER AmoveStorage__S3__Regions__0__SecretKey=S3RVER \
      Email__Smtp__Host=127.0.0.1 Email__Smtp__Port="$(free_port)" Email__From="load@example.com" \
      dotnet Amove.CloudAccounts.Api.dll --urls "$API"
  ) </dev/null >>"$WORK/api.log" 2>&1 &
  API_PID=$!
}
stop_api() {
  kill "$API_PID" 2>/dev/null || true
  wait "$API_PID" 2>/dev/null || true
  API_PID=""
}
log "starting the API on $API"
start_api
wait_for_http API "$API/health/ready" "$API_PID" "$WORK/api.log"

LEAN_PORT=$(free_port)
LEAN="http://127.0.0.1:$LEAN_PORT"
log "starting the lean reference on $LEAN"
(cd "$WORK/lean" && exec env "${COMMON_ENV[@]}" dotnet Amove.CloudAccounts.LeanReference.dll --urls "$LEAN") \
  </dev/null >"$WORK/lean.log" 2>&1 &
LEAN_PID=$!

# ---------------------------------------------------------------- token
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
NOW=$(date +%s)
HEADER=$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64url)
PAYLOAD=$(printf '{"sub":"%s","account_id":"%s","user_type":16,"email":"load@amove.test","iss":"%s","aud":"%s","iat":%d,"nbf":%d,"exp":%d}' \
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
  ACCOUNT_ID=$(api POST insert "$(printf '{"cloudType":8,"name":"load %03d","accessKey":"S3RVER","secretKey":"S3RVER","serviceUrl":"%s"}' "$i" "$S3_URL")" | json 'o.id')
done
# The lean reference has no health endpoint: any HTTP answer (a 401 without a token) means it is up.
for ((i = 0; i < STARTUP_TIMEOUT * 4; i++)); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$LEAN/api/v1/cloudaccount/get_all")" = 000 ] || break
  kill -0 "$LEAN_PID" 2>/dev/null || { tail -n 30 "$WORK/lean.log" >&2; die "the lean reference exited"; }
  sleep 0.25
done

# Check each scenario once before timing it: a fast error page would make a fine-looking number.
[ "$(api GET get_all | json 'o.data.length')" = "$ACCOUNTS" ] || die "get_all does not return $ACCOUNTS accounts"
[ "$(curl -fsS "$LEAN/api/v1/cloudaccount/get_all" -H "Authorization: Bearer $TOKEN" | json 'o.data.length')" = "$ACCOUNTS" ] ||
  die "the lean reference does not return $ACCOUNTS accounts"
BUCKETS_BODY=$(printf '{"cloudAccountId":"%s","includeRegion":false}' "$ACCOUNT_ID")
REGIONS_BODY=$(printf '{"cloudAccountId":"%s","includeRegion":true}' "$ACCOUNT_ID")
[ "$(api POST list_buckets "$BUCKETS_BODY" | json 'o.data.length')" = "$BUCKETS" ] || die "list_buckets does not return $BUCKETS buckets"
[ "$(api POST list_buckets "$REGIONS_BODY" | json 'o.data.filter(b => b.region).length')" = "$BUCKETS" ] ||
  die "list_buckets with includeRegion does not give $BUCKETS regions"

# ---------------------------------------------------------------- measure
# One Lua script per scenario: the request, and a done() that prints one parseable line.
cat >"$WORK/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
LUA
lua_string() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
scenario_script() { # name method [body]
  local file="$WORK/$1.lua"
  {
    printf 'wrk.method = "%s"\n' "$2"
    printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$TOKEN"
    if [ -n "${3:-}" ]; then
      printf 'wrk.headers["Content-Type"] = "application/json"\nwrk.body = "%s"\n' "$(lua_string "$3")"
    fi
    cat "$WORK/report.lua"
  } >"$file"
  printf '%s' "$file"
}

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$API_PID/status"; }
RSS_STEPS=("ready: $(rss_mb) MB")

ROWS=()
declare -A RPS ERRORS
run() { # label connections script url
  local label=$1 conns=$2 script=$3 url=$4 threads out
  threads=$((conns < THREADS_MAX ? conns : THREADS_MAX))
  timeout $((WARMUP + 30)) wrk -t"$threads" -c"$conns" -d"${WARMUP}s" -s "$script" "$url" >/dev/null
  log "$label, $conns connection(s), ${DURATION}s"
  out=$(timeout $((DURATION + 30)) wrk -t"$threads" -c"$conns" -d"${DURATION}s" --timeout 10s -s "$script" "$url")
  # RESULT requests duration_us p50_us p90_us p99_us errors
  read -r _ req dur p50 p90 p99 err < <(grep '^RESULT ' <<<"$out") || die "wrk printed no result for $label: $out"
  RPS["$label"]=$(awk -v r="$req" -v d="$dur" 'BEGIN { printf "%.1f", r / (d / 1e6) }')
  ERRORS["$label"]=$err
  ROWS+=("$(awk -v l="$label" -v c="$conns" -v r="$req" -v d="$dur" -v a="$p50" -v b="$p90" -v z="$p99" -v e="$err" \
    'BEGIN { printf "%-44s %5d %9d %8.0f %7.2f %7.2f %7.2f %6d", l, c, r, r / (d / 1e6), a / 1000, b / 1000, z / 1000, e }')")
}

GET_ALL=$(scenario_script get_all GET)
LIST_BUCKETS=$(scenario_script list_buckets POST "$BUCKETS_BODY")
LIST_REGIONS=$(scenario_script list_buckets_regions POST "$REGIONS_BODY")

# Two scenarios side by side, interleaved and repeated (a b b a), so drift on the shared machine hits both sides
# alike; each ratio is taken from the sums.
compare() { # connections label-a script-a url-a label-b script-b url-b
  local conns=$1 round
  for round in 1 2; do
    if [ "$round" = 1 ]; then
      run "$2 #1" "$conns" "$3" "$4"; run "$5 #1" "$conns" "$6" "$7"
    else
      run "$5 #2" "$conns" "$6" "$7"; run "$2 #2" "$conns" "$3" "$4"
    fi
  done
}
compare 32 "lean reference get_all ($ACCOUNTS accounts)" "$GET_ALL" "$LEAN/api/v1/cloudaccount/get_all" \
  "API get_all ($ACCOUNTS accounts)" "$GET_ALL" "$API/api/v1/cloudaccount/get_all"
RSS_STEPS+=("after get_all: $(rss_mb) MB")
compare 1 "API list_buckets ($BUCKETS, includeRegion false)" "$LIST_BUCKETS" "$API/api/v1/cloudaccount/list_buckets" \
  "API list_buckets ($BUCKETS, includeRegion true)" "$LIST_REGIONS" "$API/api/v1/cloudaccount/list_buckets"

RSS_STEPS+=("after list_buckets: $(rss_mb) MB")
log "listing $OBJECTS objects $LISTINGS times each way"
LISTING_API_MS=0 LISTING_DIRECT_MS=0
for ((i = 0; i < LISTINGS; i++)); do
  LISTING_API_MS=$(awk -v a="$LISTING_API_MS" -v b="$(node benchmarks/load/list-all.mjs api "$API" "$TOKEN" "$ACCOUNT_ID" "$BUCKET" "$OBJECTS" 1)" 'BEGIN { print a + b }')
  LISTING_DIRECT_MS=$(awk -v a="$LISTING_DIRECT_MS" -v b="$(node benchmarks/load/list-all.mjs direct "$S3_URL" - - "$BUCKET" "$OBJECTS" 1)" 'BEGIN { print a + b }')
done

RSS_MB=$(rss_mb)
RSS_STEPS+=("after listing: $RSS_MB MB")

log "timing $STARTS starts to /health/ready"
STARTUPS=()
for ((i = 0; i < STARTS; i++)); do
  stop_api
  t0=$(date +%s%N)
  start_api
  until curl -fsS -o /dev/null --max-time 1 "$API/health/ready" 2>/dev/null; do
    kill -0 "$API_PID" 2>/dev/null || die "the API exited during startup (see $WORK/api.log)"
    (($(date +%s%N) - t0 < STARTUP_TIMEOUT * 1000000000)) || die "the API was not ready within ${STARTUP_TIMEOUT}s"
    sleep 0.02
  done
  STARTUPS+=("$((($(date +%s%N) - t0) / 1000000))")
done
STARTUP_MS=$(printf '%s\n' "${STARTUPS[@]}" | sort -n | sed -n "$(((STARTS + 1) / 2))p")

# ---------------------------------------------------------------- report
printf '\nLoad on 127.0.0.1: %ss per run after %ss warm-up; %s cores; load average at start: %s\n' \
  "$DURATION" "$WARMUP" "$(nproc)" "$LOADAVG_AT_START"
printf '%-44s %5s %9s %8s %7s %7s %7s %6s\n' scenario conns requests RPS 'p50 ms' 'p90 ms' 'p99 ms' errors
printf '%s\n' "${ROWS[@]}"
printf '\n'
verdict() { # description value comparison target unit
  awk -v d="$1" -v v="$2" -v op="$3" -v t="$4" -v u="$5" 'BEGIN {
    met = (op == ">=") ? v >= t : v <= t
    printf "%-62s %8.2f%s (target %s %s%s): %s\n", d, v, u, op, t, u, met ? "met" : "MISSED"
  }'
}
sum_rps() { # label: requests per second of both rounds, added
  awk -v a="${RPS["$1 #1"]}" -v b="${RPS["$1 #2"]}" 'BEGIN { print a + b }'
}
verdict "get_all RPS, API / lean reference" \
  "$(awk -v a="$(sum_rps "API get_all ($ACCOUNTS accounts)")" -v b="$(sum_rps "lean reference get_all ($ACCOUNTS accounts)")" 'BEGIN { print a / b }')" ">=" 0.8 "x"
verdict "get_all errors (API)" "$((ERRORS["API get_all ($ACCOUNTS accounts) #1"] + ERRORS["API get_all ($ACCOUNTS accounts) #2"]))" "<=" 0 ""
verdict "list_buckets time, includeRegion true / false" \
  "$(awk -v a="$(sum_rps "API list_buckets ($BUCKETS, includeRegion false)")" -v b="$(sum_rps "API list_buckets ($BUCKETS, includeRegion true)")" 'BEGIN { print a / b }')" "<=" 1.5 "x"
verdict "listing $OBJECTS objects, API / direct (${LISTING_API_MS%.*} / ${LISTING_DIRECT_MS%.*} ms)" \
  "$(awk -v a="$LISTING_API_MS" -v b="$LISTING_DIRECT_MS" 'BEGIN { print a / b }')" "<=" 1.10 "x"
verdict "API resident memory after the load (${RSS_STEPS[*]})" "$RSS_MB" "<=" 200 " MB"
verdict "start to /health/ready, median of $STARTS (${STARTUPS[*]} ms)" "$STARTUP_MS" "<=" 1500 " ms"
