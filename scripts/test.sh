#!/usr/bin/env bash
# Runs every test of the solution, starting the peer servers the tests need.
#
#   scripts/test.sh                    # everything
#   scripts/test.sh --filter Name~S3   # extra arguments go to `dotnet test`
#
# Safe to rerun: PostgreSQL is reused when it is already up, s3rver and Azurite
# are always started fresh (and leftovers from a killed run are stopped first).
# The last line printed is always "N passed, N failed"; CI reads only that
# line and the exit code.
set -Eeuo pipefail

# npm peers, pinned: s3rver for the S3 connector, Azurite (Blob only) for the Azure
# connector, maildev for e-mail (2.2.1: version 3 has no REST API to read messages).
NPM_TOOLS=(
  "s3rver@3.7.1"
  "azurite@3.37.0"
  "maildev@2.2.1"
)

PG_PORT=5432
PG_PASSWORD="amove-test"
S3_PORT="${AMOVE_S3_PORT:-4568}"
AZURITE_PORT="${AMOVE_AZURITE_PORT:-10000}"
MAILDEV_SMTP_PORT="${AMOVE_MAILDEV_SMTP_PORT:-1025}"
MAILDEV_WEB_PORT="${AMOVE_MAILDEV_WEB_PORT:-1080}"
STARTUP_TIMEOUT=60 # seconds to wait for a peer server before giving up

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$ROOT/TestResults"
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
# Outside the repository so fresh clones (CI) reuse the download.
TOOLS_DIR="${AMOVE_TOOLS_DIR:-$HOME/.cache/amove-cloudaccounts}"

SUMMARY=""
declare -A PEER_PID=() PEER_DATA=() # per npm peer server: its pid and its data directory

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# CI runs as root; a developer may not be.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root (or sudo) to run: $*"; fi
}
as_postgres() {
  # cd / so psql does not warn about an unreadable working directory.
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@")
  else (cd / && sudo -u postgres "$@"); fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() { # name port pid
  local name=$1 port=$2 pid=$3 i
  for ((i = 0; i < STARTUP_TIMEOUT * 2; i++)); do
    port_open "$port" && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      printf 'ERROR: %s exited during startup\n' "$name" >&2
      return 1
    fi
    sleep 0.5
  done
  printf 'ERROR: %s did not answer on 127.0.0.1:%s within %ss\n' "$name" "$port" "$STARTUP_TIMEOUT" >&2
  return 1
}

finish() {
  local rc=$?
  stop_peers
  # Every path out, including a failed setup, ends with the count line.
  if [ -z "$SUMMARY" ]; then
    SUMMARY="0 passed, 1 failed"
    [ "$rc" -ne 0 ] || rc=1
  fi
  printf '%s\n' "$SUMMARY"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- PostgreSQL
pg_accepts_password() {
  PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=5 psql -X -q -w -h 127.0.0.1 -p "$PG_PORT" \
    -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1
}

ensure_postgres() {
  if ! command -v pg_lsclusters >/dev/null || ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
    log "installing PostgreSQL"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql 9>&-
  fi

  if pg_accepts_password; then
    log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
    return
  fi

  if ! pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
    # A package installed without its default cluster (some images drop it).
    if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
      local ver
      ver=$(basename "$(dirname "$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/postgres' | sort -V | tail -1)")")")
      log "creating PostgreSQL $ver cluster"
      as_root pg_createcluster "$ver" main -p "$PG_PORT" 9>&-
    fi
    log "starting PostgreSQL"
    # fd 9 is the run lock: the server must not inherit it.
    as_root service postgresql start 9>&- ||
      as_root pg_ctlcluster "$(pg_lsclusters -h | awk -v p="$PG_PORT" '$3 == p {print $1; exit}')" main start 9>&- ||
      die "could not start PostgreSQL (see /var/log/postgresql/)"
  fi
  local i
  for ((i = 0; i < STARTUP_TIMEOUT; i++)); do
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
    sleep 1
  done
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" ||
    die "PostgreSQL is not accepting connections on 127.0.0.1:$PG_PORT (pg_lsclusters: $(pg_lsclusters -h | tr '\n' ';'))"

  as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" \
    -c "ALTER USER postgres PASSWORD '$PG_PASSWORD'" >/dev/null
  pg_accepts_password || die "cannot log in to 127.0.0.1:$PG_PORT as postgres with the test password"
  log "PostgreSQL ready on 127.0.0.1:$PG_PORT"
}

# ---------------------------------------------------------------- nginx
# The reverse-proxy tests start their own nginx (on ports they choose); only the binary is needed.
NGINX_BIN=/usr/sbin/nginx

# apt-get install of the given packages with services kept from starting (policy-rc.d): the tests run their own
# servers, on ports they choose, and need only the binaries.
apt_install_without_starting() { # package...
  as_root apt-get update -q
  local policy=/usr/sbin/policy-rc.d added_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod +x "$policy"
    added_policy=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" 9>&- || true
  [ -z "$added_policy" ] || as_root rm -f "$policy"
}

ensure_nginx() {
  if [ -x "$NGINX_BIN" ]; then
    log "nginx present ($NGINX_BIN)"
    return
  fi
  log "installing nginx"
  apt_install_without_starting nginx-light
  [ -x "$NGINX_BIN" ] || die "could not install nginx"
}

# ---------------------------------------------------------------- Prometheus
# The observability tests start their own Prometheus (on a port they choose) to scrape the API; only the binary is needed.
PROMETHEUS_BIN=/usr/bin/prometheus

ensure_prometheus() {
  if [ -x "$PROMETHEUS_BIN" ]; then
    log "Prometheus present ($PROMETHEUS_BIN)"
    return
  fi
  log "installing Prometheus"
  apt_install_without_starting prometheus
  [ -x "$PROMETHEUS_BIN" ] || die "could not install Prometheus"
}

# ---------------------------------------------------------------- Python
# The README's Python snippet (decrypting storage keys) is run by a test; it needs the cryptography package.
# The python3 on PATH is used when it has it, else Debian's, with python3-cryptography installed.
has_cryptography() { "$1" -c 'import cryptography' >/dev/null 2>&1; }

ensure_python_cryptography() {
  local python
  python=$(command -v python3 || true)
  if [ -n "$python" ] && has_cryptography "$python"; then
    log "python3 with cryptography present ($python)"
  else
    log "installing python3-cryptography"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-cryptography 9>&-
    python=/usr/bin/python3
    has_cryptography "$python" || die "could not install python3-cryptography for $python"
  fi
  AMOVE_TEST_PYTHON=$python
}

# ---------------------------------------------------------------- npm peers
installed_version() { # package-name
  node -p "require(process.argv[1]).version" "$TOOLS_DIR/node_modules/$1/package.json" 2>/dev/null || true
}

ensure_npm_tools() {
  local missing=() spec
  for spec in "${NPM_TOOLS[@]}"; do
    [ "$(installed_version "${spec%@*}")" = "${spec##*@}" ] || missing+=("$spec")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "npm peers already in $TOOLS_DIR"
    return
  fi
  log "installing ${missing[*]} into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --save-exact --no-audit --no-fund --loglevel=error "${missing[@]}" 9>&- >&2
  for spec in "${missing[@]}"; do
    [ "$(installed_version "${spec%@*}")" = "${spec##*@}" ] || die "npm did not install $spec"
  done
}

# ---------------------------------------------------------------- npm peer servers
# Each peer runs from $TOOLS_DIR on a fixed port with a fresh data directory, logs to
# $RESULTS/<name>.log, and leaves "$TOOLS_DIR/<name>.pid" (pid, data directory) while it runs.

stop_peer() { # name
  local name=$1 pid=${PEER_PID[$1]:-} data=${PEER_DATA[$1]:-}
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true # also silences bash's "Terminated" notice
    rm -f "$TOOLS_DIR/$name.pid"
  fi
  [ -z "$data" ] || rm -rf "$data"
  PEER_PID[$name]="" PEER_DATA[$name]=""
}

stop_peers() {
  local name
  for name in "${!PEER_PID[@]}"; do stop_peer "$name"; done
}

# start_peer name port port-variable cmdline-pattern command...
# "{data}" in the command stands for the peer's fresh data directory.
start_peer() {
  local name=$1 port=$2 port_variable=$3 pattern=$4
  shift 4
  local pidfile="$TOOLS_DIR/$name.pid"
  # A run killed with SIGKILL leaves its peers behind; we hold the run lock,
  # so whatever a pid file names is stale.
  if [ -s "$pidfile" ]; then
    local old old_data
    { read -r old; read -r old_data; } <"$pidfile" || true
    if grep -qs "$pattern" "/proc/$old/cmdline"; then
      log "stopping leftover $name (pid $old)"
      kill "$old" 2>/dev/null || true
      sleep 1
    fi
    case "$old_data" in */amove-"$name".*) rm -rf "$old_data" ;; esac
    rm -f "$pidfile"
  fi
  if port_open "$port"; then
    die "port $port is already in use by another process (see: ss -ltnp 'sport = :$port'); set $port_variable to use another"
  fi

  local data arg command=()
  data=$(mktemp -d "${TMPDIR:-/tmp}/amove-$name.XXXXXX")
  for arg in "$@"; do command+=("${arg//\{data\}/$data}"); done
  "${command[@]}" </dev/null >"$RESULTS/$name.log" 2>&1 9>&- &
  PEER_PID[$name]=$! PEER_DATA[$name]=$data
  printf '%s\n%s\n' "${PEER_PID[$name]}" "$data" >"$pidfile"
  if ! wait_for_port "$name" "$port" "${PEER_PID[$name]}"; then
    tail -n 20 "$RESULTS/$name.log" >&2
    exit 1
  fi
  log "$name ready on 127.0.0.1:$port (log: $RESULTS/$name.log)"
}

start_s3rver() {
  # --openssl-legacy-provider: s3rver 3.7.1 builds continuation tokens with an
  # OpenSSL 3-removed cipher; without it every truncated listing is a 500 on Node 20.
  start_peer s3rver "$S3_PORT" AMOVE_S3_PORT s3rver.js \
    node --openssl-legacy-provider "$TOOLS_DIR/node_modules/s3rver/bin/s3rver.js" \
    -d "{data}" -a 127.0.0.1 -p "$S3_PORT"
}

start_azurite() {
  # --skipApiVersionCheck: the Azure SDK may speak a newer service version than this Azurite knows.
  # --disableTelemetry: a test run sends nothing anywhere.
  start_peer azurite "$AZURITE_PORT" AMOVE_AZURITE_PORT azurite \
    node "$TOOLS_DIR/node_modules/azurite/dist/src/blob/main.js" \
    --blobHost 127.0.0.1 --blobPort "$AZURITE_PORT" -l "{data}" \
    --skipApiVersionCheck --disableTelemetry --silent
}

start_maildev() {
  if port_open "$MAILDEV_WEB_PORT"; then
    die "port $MAILDEV_WEB_PORT is already in use by another process (see: ss -ltnp 'sport = :$MAILDEV_WEB_PORT'); set AMOVE_MAILDEV_WEB_PORT to use another"
  fi
  # Messages are kept in its data directory; both servers listen on loopback only.
  start_peer maildev "$MAILDEV_SMTP_PORT" AMOVE_MAILDEV_SMTP_PORT maildev \
    node "$TOOLS_DIR/node_modules/maildev/bin/maildev" \
    --smtp "$MAILDEV_SMTP_PORT" --web "$MAILDEV_WEB_PORT" --ip 127.0.0.1 --web-ip 127.0.0.1 \
    --mail-directory "{data}" --silent
  # start_peer waited for SMTP; the REST API the tests read opens alongside it.
  wait_for_port maildev "$MAILDEV_WEB_PORT" "${PEER_PID[maildev]}" || { tail -n 20 "$RESULTS/maildev.log" >&2; exit 1; }
}

# ---------------------------------------------------------------- results
# Sums the Counters of every TRX file; sets PASSED, FAILED, TRX_FILES.
count_results() {
  PASSED=0 FAILED=0 TRX_FILES=0
  local trx counters name value
  while IFS= read -r -d '' trx; do
    TRX_FILES=$((TRX_FILES + 1))
    counters=$(tr '\n' ' ' <"$trx" | grep -o '<Counters [^>]*>' | head -n 1 || true)
    for name in passed failed error timeout aborted; do
      value=$(sed -n "s/.* $name=\"\([0-9]*\)\".*/\1/p" <<<"$counters")
      value=${value:-0}
      # Errors, timeouts and aborts are failures too.
      if [ "$name" = passed ]; then PASSED=$((PASSED + value)); else FAILED=$((FAILED + value)); fi
    done
  done < <(find "$RESULTS" -maxdepth 1 -name '*.trx' -print0)
}

# ---------------------------------------------------------------- main
cd "$ROOT"
for tool in dotnet node npm; do
  command -v "$tool" >/dev/null || die "$tool is not on PATH (this project expects the .NET 10 SDK and Node 20)"
done
mkdir -p "$RESULTS" "$TOOLS_DIR"

# One run at a time per machine: the peer servers listen on fixed ports.
exec 9>"$TOOLS_DIR/run.lock"
if ! flock -n 9; then
  log "another test run holds $TOOLS_DIR/run.lock; waiting for it (up to 30 min)"
  flock -w 1800 9 || die "timed out waiting for the other test run"
fi

ensure_postgres
ensure_nginx
ensure_prometheus
ensure_python_cryptography
ensure_npm_tools
start_s3rver
start_azurite
start_maildev

export AMOVE_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD"
export AMOVE_TEST_S3_URL="http://127.0.0.1:$S3_PORT"
export AMOVE_TEST_AZURITE_URL="http://127.0.0.1:$AZURITE_PORT/devstoreaccount1"
export AMOVE_TEST_MAILDEV_SMTP="127.0.0.1:$MAILDEV_SMTP_PORT"
export AMOVE_TEST_MAILDEV_URL="http://127.0.0.1:$MAILDEV_WEB_PORT"
export AMOVE_TEST_NGINX="$NGINX_BIN"
export AMOVE_TEST_PROMETHEUS="$PROMETHEUS_BIN"
export AMOVE_TEST_PYTHON
# Leave no MSBuild worker nodes running once the script has ended.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Stale TRX files from an earlier run would be counted again.
find "$RESULTS" -maxdepth 1 -name '*.trx' -delete

log "dotnet test Amove.CloudAccounts.sln -c Release $*"
set +e
dotnet test Amove.CloudAccounts.sln -c Release \
  --logger "trx;LogFilePrefix=amove" --results-directory "$RESULTS" "$@" 9>&-
test_rc=$?
set -e

count_results
rc=0
if [ "$test_rc" -ne 0 ]; then
  log "dotnet test exited with $test_rc"
  rc=1
  # A build failure or crashed test host may leave no failed test behind.
  [ "$FAILED" -gt 0 ] || FAILED=1
elif [ "$FAILED" -gt 0 ]; then
  rc=1
elif [ $((PASSED + FAILED)) -eq 0 ]; then
  log "no test ran (${TRX_FILES} result files)"
  rc=1
  FAILED=1
fi
SUMMARY="$PASSED passed, $FAILED failed"
exit "$rc"
