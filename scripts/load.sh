#!/usr/bin/env bash
# End-to-end performance figures of the API on loopback, each measured side by side with its yardstick in
# one run (a 2-core machine shares its cores between wrk, the API, PostgreSQL and the peers, so only ratios
# measured together mean anything):
#   - get_all of 200 accounts at 32 connections, against a lean reference (benchmarks/
#     Amove.CloudAccounts.LeanReference: one raw Npgsql query behind the same JwtBearer, same database)
#   - list_buckets of 50 buckets with includeRegion true against false
#   - listing 10,000 objects page by page through the API against listing them straight from the provider:
#     S3 (s3rver), Azure Blob (Azurite) and Dropbox (a node fake, benchmarks/load/fake-dropbox.mjs)
#   - the API's resident memory after the load, and the time from process start to /health/ready
#   - a fleet: get_all through nginx in front of two instances against nginx in front of one, and its correctness
#   - idrive_add_storage latency with the IDrive e2 storage host (a node fake of the reseller API)
#
#   bash scripts/load.sh                        # ~12 minutes
#   LOAD_DURATION=30 bash scripts/load.sh       # longer measured runs
#   LOAD_JSON=/tmp/run.json bash scripts/load.sh
#
# Prints one table with a verdict per figure, and writes the same figures as JSON to
# benchmarks/results/load-<UTC timestamp>.json (or LOAD_JSON).
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, password amove-test), nginx, and the s3rver and Azurite that
# scripts/test.sh caches; if any is missing, run once:
#   bash scripts/test.sh --filter FullyQualifiedName~Health
# Everything else is its own and thrown away at the end (trap): a fresh database, its own peers, fakes, nginx and
# API processes on free ports, a temporary key ring. Every wrk and node run is bounded in time, so the script always
# stops by itself. Nothing but 127.0.0.1 is ever called.
#
# Speed targets live here and in benchmarks/, not in timed tests (see benchmarks/README.md).
set -Eeuo pipefail

DURATION="${LOAD_DURATION:-15}"    # seconds measured per wrk run
WARMUP="${LOAD_WARMUP:-10}"        # seconds of discarded load before each measured run (both servers tier up)
THREADS_MAX=2                      # wrk threads; this machine has 2 cores shared with the API
ACCOUNTS=200                       # accounts get_all returns
BUCKETS=50                         # buckets list_buckets returns
OBJECTS=10000                      # keys in the bucket, blobs in the container, files in the Dropbox folder listed page by page
LISTINGS="${LISTINGS:-5}"          # complete listings timed each way, interleaved per round
LISTING_WARMUP="${LISTING_WARMUP:-5}" # and made before them each way, untimed (per-request code tiers up ~60 calls in)
STARTS=5                           # cold starts timed (median reported)
ADD_STORAGE_CALLS="${ADD_STORAGE_CALLS:-30}" # idrive_add_storage calls timed, one after the other
ADD_STORAGE_WARMUP=3               # and made before them, untimed
BUCKET=load-bucket
CONTAINER=load-container
STARTUP_TIMEOUT=60                 # seconds to wait for a peer or the API to answer

PG_HOST=127.0.0.1 PG_PORT=5432 PG_USER=postgres PG_PASSWORD="${AMOVE_PG_PASSWORD:-amove-test}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
TOOLS_DIR="${AMOVE_TOOLS_DIR:-$HOME/.cache/amove-cloudaccounts}"
S3RVER_JS="$TOOLS_DIR/node_modules/s3rver/bin/s3rver.js"
AZURITE_JS="$TOOLS_DIR/node_modules/azurite/dist/src/blob/main.js"
NGINX_BIN="${AMOVE_NGINX:-/usr/sbin/nginx}"
ISSUER=amove-load
STARTED_UTC=$(date -u +%Y%m%dT%H%M%SZ)
JSON_OUT="${LOAD_JSON:-$ROOT/benchmarks/results/load-$STARTED_UTC.json}"
case "$JSON_OUT" in /*) ;; *) JSON_OUT="$PWD/$JSON_OUT" ;; esac

WORK="" DB=""
# shellcheck source=../benchmarks/load/lib.sh
source "$ROOT/benchmarks/load/lib.sh"
# shellcheck source=../benchmarks/load/scenarios.sh
source "$ROOT/benchmarks/load/scenarios.sh"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

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
for peer in "$S3RVER_JS" "$AZURITE_JS" "$NGINX_BIN"; do
  [ -e "$peer" ] || die "$peer is missing; run: bash scripts/test.sh --filter FullyQualifiedName~Health"
done
psql_admin -c 'SELECT 1' >/dev/null 2>&1 ||
  die "cannot log in to PostgreSQL on $PG_HOST:$PG_PORT as $PG_USER; run: bash scripts/test.sh --filter FullyQualifiedName~Health"

export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/amove-load.XXXXXX")
mkdir -p "$WORK/s3" "$WORK/keys"
: >"$WORK/figures.jsonl"

# ---------------------------------------------------------------- peers, seeded while the API is published
S3_PORT=$(free_port)
S3_URL="http://127.0.0.1:$S3_PORT"
# --openssl-legacy-provider: s3rver 3.7.1 needs a cipher OpenSSL 3 dropped (see scripts/test.sh).
node --openssl-legacy-provider "$S3RVER_JS" -d "$WORK/s3" -a 127.0.0.1 -p "$S3_PORT" --silent \
  </dev/null >"$WORK/s3rver.log" 2>&1 &
S3_PID=$!
track "$S3_PID"
wait_for_http s3rver "$S3_URL/" "$S3_PID" "$WORK/s3rver.log"
start_azurite
start_fake_dropbox

log "seeding: $BUCKETS buckets, one of them ($BUCKET) with $OBJECTS objects; $OBJECTS blobs in Azurite's $CONTAINER"
# s3rver accepts unsigned requests; the API's own calls are SigV4-signed as with any provider.
curl -fsS --max-time 10 -o /dev/null -X PUT "$S3_URL/$BUCKET"
for ((i = 1; i < BUCKETS; i++)); do curl -fsS --max-time 10 -o /dev/null -X PUT "$S3_URL/$(printf 'bucket-%02d' "$i")"; done
timeout 600 node benchmarks/load/put-objects.mjs "$S3_URL" "$BUCKET" "$OBJECTS" >"$WORK/seed-s3.log" 2>&1 &
SEED_S3_PID=$!
track "$SEED_S3_PID"
timeout 600 node benchmarks/load/azure-blobs.mjs seed "$AZURITE_URL" "$CONTAINER" "$OBJECTS" >"$WORK/seed-azure.log" 2>&1 &
SEED_AZURE_PID=$!
track "$SEED_AZURE_PID"

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

wait "$SEED_S3_PID" || { cat "$WORK/seed-s3.log" >&2; die "seeding s3rver failed"; }
untrack "$SEED_S3_PID"
wait "$SEED_AZURE_PID" || { cat "$WORK/seed-azure.log" >&2; die "seeding Azurite failed"; }
untrack "$SEED_AZURE_PID"

# ---------------------------------------------------------------- database, API and lean reference
DB="amove_load_$$_$RANDOM"
psql_admin -c "CREATE DATABASE \"$DB\"" >/dev/null
log "database $DB created"
CONNECTION_STRING="Host=$PG_HOST;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASSWORD;Database=$DB"

# HS256 key: raw bytes for signing here, base64 for the API's configuration.
openssl rand 32 >"$WORK/jwt.key"
KEY_HEX=$(od -An -v -tx1 "$WORK/jwt.key" | tr -d ' \n')
KEY_B64=$(openssl base64 -A -in "$WORK/jwt.key")
E2_API_KEY="e2-load-$(openssl rand -hex 12)"

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
# What every API process has: one database, one key ring directory (as a fleet shares it), the peers allowed.
API_ENV=(
  Database__Provider=Postgres
  RateLimiting__Enabled=false
  Outbound__AllowedHosts__0="127.0.0.1:$S3_PORT"
  Outbound__AllowedHosts__1="127.0.0.1:$AZURITE_PORT"
  Outbound__AllowedHosts__2="127.0.0.1:$DROPBOX_PORT"
  DataProtection__KeysDirectory="$WORK/keys"
  Email__Smtp__Host=127.0.0.1 Email__Smtp__Port="$(free_port)" Email__From="load@example.com"
)
# The runtime settings the image ships (its one-line `ENV DOTNET_...` instructions), so memory and start-up are the
# image's.
mapfile -t RUNTIME_ENV < <(sed -n 's/^ENV \(DOTNET_[A-Za-z0-9_]*=[^ ]*\)$/\1/p' Dockerfile)
[ "${#RUNTIME_ENV[@]}" -gt 0 ] || die "no DOTNET_ runtime settings found in the Dockerfile"
# Amove storage hosted by s3rver, as development and self-hosting run it.
S3_HOST_ENV=(
  AmoveStorage__Host=S3 AmoveStorage__DefaultRegion=LOAD AmoveStorage__S3__AllowSharedCredentials=true
  AmoveStorage__S3__Regions__0__Code=LOAD AmoveStorage__S3__Regions__0__Name=Load
  AmoveStorage__S3__Regions__0__ServiceUrl="http://127.0.0.1:$S3_PORT"
  AmoveStorage__S3__Regions__0__AccessKey=S3RVER AmoveStorage__S3__Regions__0__SecretKey=S3RVER
)
dropbox_env

launch_api() { # var port log extra-env...: starts an API process (published build), sets <var>_PID, tracked
  local var=$1 port=$2 logfile=$3 pid
  shift 3
  (
    # The content root (appsettings.json) is the working directory of `dotnet app.dll`.
    cd "$WORK/api"
    exec env "${RUNTIME_ENV[@]}" "${COMMON_ENV[@]}" "${API_ENV[@]}" "$@" dotnet Amove.CloudAccounts.Api.dll --urls "http://127.0.0.1:$port"
  ) </dev/null >>"$logfile" 2>&1 &
  pid=$!
  track "$pid"
  printf -v "${var}_PID" '%s' "$pid"
}
# Instance A: the API every single-instance figure is measured on (memory and start-up included).
API_PORT=$(free_port)
API="http://127.0.0.1:$API_PORT"
start_api() { launch_api API "$API_PORT" "$WORK/api.log" "${S3_HOST_ENV[@]}" "${DROPBOX_ENV[@]}"; }
stop_api() { stop_pid "$API_PID"; API_PID=""; }
log "starting the API on $API"
start_api
wait_for_http API "$API/health/ready" "$API_PID" "$WORK/api.log"

LEAN_PORT=$(free_port)
LEAN="http://127.0.0.1:$LEAN_PORT"
log "starting the lean reference on $LEAN"
(cd "$WORK/lean" && exec env "${COMMON_ENV[@]}" dotnet Amove.CloudAccounts.LeanReference.dll --urls "$LEAN") \
  </dev/null >"$WORK/lean.log" 2>&1 &
LEAN_PID=$!
track "$LEAN_PID"

# ---------------------------------------------------------------- seed
# get_all's caller owns the S3 accounts and nothing else; the Azure and Dropbox accounts belong to another user, so
# get_all returns exactly $ACCOUNTS rows as in earlier runs.
TOKEN=$(mint_token load@amove.test)
OTHER_TOKEN=$(mint_token other@amove.test)
api() { call "$API" "$TOKEN" "$@"; }

log "inserting $ACCOUNTS S3 Generic accounts, an Azure Blob and a Dropbox account"
for ((i = 1; i <= ACCOUNTS; i++)); do
  ACCOUNT_ID=$(api POST insert "$(printf '{"cloudType":8,"name":"load %03d","accessKey":"S3RVER","secretKey":"S3RVER","serviceUrl":"%s"}' "$i" "$S3_URL")" | json 'o.id')
done
AZURE_ID=$(call "$API" "$OTHER_TOKEN" POST insert \
  "$(printf '{"cloudType":4,"name":"load azure","accessKey":"%s","secretKey":"%s","serviceUrl":"%s"}' \
    "$AZURITE_ACCOUNT" "$AZURITE_KEY" "$AZURITE_URL")" |
  json 'o.id') || die "inserting the Azure account failed (see $WORK/api.log)"
DROPBOX_ID=$(call "$API" "$OTHER_TOKEN" POST insert "$(dropbox_insert_body)" | json 'o.id') ||
  die "inserting the Dropbox account failed (see $WORK/api.log)"
# The lean reference has no health endpoint: any HTTP answer (a 401 without a token) means it is up.
for ((i = 0; i < STARTUP_TIMEOUT * 4; i++)); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$LEAN/api/v1/cloudaccount/get_all")" = 000 ] || break
  kill -0 "$LEAN_PID" 2>/dev/null || { tail -n 30 "$WORK/lean.log" >&2; die "the lean reference exited"; }
  sleep 0.25
done

# Check each scenario once before timing it: a fast error page would make a fine-looking number. (The listings
# check their counts in a first, untimed listing.)
[ "$(api GET get_all | json 'o.data.length')" = "$ACCOUNTS" ] || die "get_all does not return $ACCOUNTS accounts"
[ "$(curl -fsS "$LEAN/api/v1/cloudaccount/get_all" -H "Authorization: Bearer $TOKEN" | json 'o.data.length')" = "$ACCOUNTS" ] ||
  die "the lean reference does not return $ACCOUNTS accounts"
BUCKETS_BODY=$(printf '{"cloudAccountId":"%s","includeRegion":false}' "$ACCOUNT_ID")
REGIONS_BODY=$(printf '{"cloudAccountId":"%s","includeRegion":true}' "$ACCOUNT_ID")
[ "$(api POST list_buckets "$BUCKETS_BODY" | json 'o.data.length')" = "$BUCKETS" ] || die "list_buckets does not return $BUCKETS buckets"
[ "$(api POST list_buckets "$REGIONS_BODY" | json 'o.data.filter(b => b.region).length')" = "$BUCKETS" ] ||
  die "list_buckets with includeRegion does not give $BUCKETS regions"

# ---------------------------------------------------------------- measure: one instance
write_wrk_report
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$API_PID/status"; }
RSS_STEPS=("ready: $(rss_mb) MB")

GET_ALL=$(scenario_script get_all GET)
LIST_BUCKETS=$(scenario_script list_buckets POST "$BUCKETS_BODY")
LIST_REGIONS=$(scenario_script list_buckets_regions POST "$REGIONS_BODY")

compare 32 "lean reference get_all ($ACCOUNTS accounts)" "$GET_ALL" "$LEAN/api/v1/cloudaccount/get_all" \
  "API get_all ($ACCOUNTS accounts)" "$GET_ALL" "$API/api/v1/cloudaccount/get_all"
RSS_STEPS+=("after get_all: $(rss_mb) MB")
compare 1 "API list_buckets ($BUCKETS, includeRegion false)" "$LIST_BUCKETS" "$API/api/v1/cloudaccount/list_buckets" \
  "API list_buckets ($BUCKETS, includeRegion true)" "$LIST_REGIONS" "$API/api/v1/cloudaccount/list_buckets"
RSS_STEPS+=("after list_buckets: $(rss_mb) MB")

LIST_ALL="node benchmarks/load/list-all.mjs"
log "listing $OBJECTS S3 objects $LISTINGS times each way, after $LISTING_WARMUP untimed"
listing_rounds S3_LISTING "$LISTING_WARMUP" "$LISTINGS" \
  "$LIST_ALL api '$API' '$TOKEN' '$ACCOUNT_ID' '$BUCKET' $OBJECTS 1" \
  "$LIST_ALL direct '$S3_URL' - - '$BUCKET' $OBJECTS 1"

# Memory is read here, as in earlier runs: after the same load, before the scenarios added since.
RSS_MB=$(rss_mb)
RSS_STEPS+=("after listing: $RSS_MB MB")

log "listing $OBJECTS Azure blobs $LISTINGS times each way, after $LISTING_WARMUP untimed"
listing_rounds AZURE_LISTING "$LISTING_WARMUP" "$LISTINGS" \
  "$LIST_ALL api '$API' '$OTHER_TOKEN' '$AZURE_ID' '$CONTAINER' $OBJECTS 1" \
  "node benchmarks/load/azure-blobs.mjs list '$AZURITE_URL' '$CONTAINER' $OBJECTS 1"
log "listing $OBJECTS Dropbox files $LISTINGS times each way, after $LISTING_WARMUP untimed"
listing_rounds DROPBOX_LISTING "$LISTING_WARMUP" "$LISTINGS" \
  "$LIST_ALL api-id '$API' '$OTHER_TOKEN' '$DROPBOX_ID' root $OBJECTS 1" \
  "$LIST_ALL dropbox '$DROPBOX_URL' '$DROPBOX_ACCESS_TOKEN' - - $OBJECTS 1"

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

# ---------------------------------------------------------------- figures of the single instance
API_GET_ALL="API get_all ($ACCOUNTS accounts)"
LEAN_GET_ALL="lean reference get_all ($ACCOUNTS accounts)"
figure get_all_rps_ratio "get_all RPS, API / lean reference" \
  "$(ratio "$(sum_rps "$API_GET_ALL")" "$(sum_rps "$LEAN_GET_ALL")")" x ">=" 0.8 \
  api_rps[]="${RPS["$API_GET_ALL #1"]} ${RPS["$API_GET_ALL #2"]}" lean_rps[]="${RPS["$LEAN_GET_ALL #1"]} ${RPS["$LEAN_GET_ALL #2"]}" \
  accounts="$ACCOUNTS" connections=32
figure get_all_errors "get_all errors (API)" "$(sum_errors "$API_GET_ALL")" "" "<=" 0 \
  api_errors[]="${ERRORS["$API_GET_ALL #1"]} ${ERRORS["$API_GET_ALL #2"]}" lean_errors[]="${ERRORS["$LEAN_GET_ALL #1"]} ${ERRORS["$LEAN_GET_ALL #2"]}"
NO_REGIONS="API list_buckets ($BUCKETS, includeRegion false)"
REGIONS="API list_buckets ($BUCKETS, includeRegion true)"
figure list_buckets_region_ratio "list_buckets time, includeRegion true / false" \
  "$(ratio "$(sum_rps "$NO_REGIONS")" "$(sum_rps "$REGIONS")")" x "<=" 1.5 \
  without_regions_rps[]="${RPS["$NO_REGIONS #1"]} ${RPS["$NO_REGIONS #2"]}" with_regions_rps[]="${RPS["$REGIONS #1"]} ${RPS["$REGIONS #2"]}" \
  buckets="$BUCKETS" connections=1
listing_figure() { # name provider var op target
  local api direct
  api=$(total "$(eval echo "\$${3}_A")")
  direct=$(total "$(eval echo "\$${3}_B")")
  figure "$1" "listing $OBJECTS $2, API / direct (${api%.*} / ${direct%.*} ms)" "$(ratio "$api" "$direct")" x "$4" "$5" \
    api_ms[]="$(eval echo "\$${3}_A")" direct_ms[]="$(eval echo "\$${3}_B")" objects="$OBJECTS" page_size=1000 rounds="$LISTINGS"
}
listing_figure s3_listing_ratio "S3 objects" S3_LISTING "<=" 1.10
listing_figure azure_listing_ratio "Azure blobs" AZURE_LISTING "<=" 1.10
listing_figure dropbox_listing_ratio "Dropbox files" DROPBOX_LISTING info -
figure rss_mb "API resident memory after the load (${RSS_STEPS[*]})" "$RSS_MB" " MB" "<=" 200 \
  ready_mb="${RSS_STEPS[0]//[^0-9]/}" after_get_all_mb="${RSS_STEPS[1]//[^0-9]/}" \
  after_list_buckets_mb="${RSS_STEPS[2]//[^0-9]/}" after_listing_mb="$RSS_MB"
figure startup_ms "start to /health/ready, median of $STARTS (${STARTUPS[*]} ms)" "$STARTUP_MS" " ms" "<=" 1500 \
  samples_ms[]="${STARTUPS[*]}"

# ---------------------------------------------------------------- measure: the fleet, and hosted storage on IDrive e2
stop_pid "$LEAN_PID"
measure_fleet
measure_add_storage

# ---------------------------------------------------------------- report
printf '\nLoad on 127.0.0.1: %ss per run after %ss warm-up; %s cores; load average at start: %s\n' \
  "$DURATION" "$WARMUP" "$(nproc)" "$LOADAVG_AT_START"
printf '%-44s %5s %9s %8s %7s %7s %7s %6s\n' scenario conns requests RPS 'p50 ms' 'p90 ms' 'p99 ms' errors
printf '%s\n' "${ROWS[@]}"
printf '\n'
print_figures

MACHINE=$(node benchmarks/load/results.mjs object nproc="$(nproc)" load_average_at_start="$LOADAVG_AT_START" \
  cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" memory_mb="$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1024 }' /proc/meminfo)" \
  dotnet_sdk="$(dotnet --version)" \
  aspnetcore_runtime="$(dotnet --list-runtimes | awk '/^Microsoft.AspNetCore.App / { v = $2 } END { print v }')" \
  node_version="$(node --version)" nginx_version="$("$NGINX_BIN" -v 2>&1 | sed 's/^nginx version: //')" kernel="$(uname -sr)" \
  git_commit="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)" \
  git_dirty:="$([ -z "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ] && echo false || echo true)")
SETTINGS=$(node benchmarks/load/results.mjs object duration_s="$DURATION" warmup_s="$WARMUP" wrk_threads_max="$THREADS_MAX" \
  accounts="$ACCOUNTS" buckets="$BUCKETS" objects="$OBJECTS" listings="$LISTINGS" listing_warmup="$LISTING_WARMUP" page_size=1000 starts="$STARTS" \
  add_storage_calls="$ADD_STORAGE_CALLS" add_storage_warmup="$ADD_STORAGE_WARMUP" fleet_instances=2 fleet_connections=32 \
  runtime_env="${RUNTIME_ENV[*]}")
node benchmarks/load/results.mjs write "$JSON_OUT" "$MACHINE" "$SETTINGS" <"$WORK/figures.jsonl"
printf '\nJSON: %s\n' "$JSON_OUT"
