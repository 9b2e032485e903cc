# Helpers of scripts/load.sh (sourced by it; not run on its own): logging, processes and their cleanup, tokens,
# wrk runs, and the figures it prints and writes as JSON. Expects ROOT, WORK, TOOLS_DIR, STARTUP_TIMEOUT, the PG_*
# settings and the run's settings (DURATION, WARMUP, THREADS_MAX) to be set by the script.

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- processes
# Every long-running process the script starts is registered here by pid and stopped by cleanup(), newest first;
# nothing is ever stopped by name.
PIDS=()
track() { PIDS+=("$1"); }
untrack() { # kept without holes, so cleanup() walks every index
  local i
  for i in "${!PIDS[@]}"; do [ "${PIDS[$i]}" != "$1" ] || unset 'PIDS[i]'; done
  PIDS=("${PIDS[@]}")
}
stop_pid() { # pid: stops one tracked process and forgets it
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true # also silences bash's "Terminated" notice
  untrack "$1"
}

cleanup() {
  local rc=$? i
  set +e
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[$i]}" 2>/dev/null
    wait "${PIDS[$i]}" 2>/dev/null
  done
  if [ -n "${DB:-}" ]; then
    psql_admin -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 ||
      printf 'WARNING: could not drop database %s\n' "$DB" >&2
  fi
  [ -z "${WORK:-}" ] || rm -rf "$WORK"
  exit "$rc"
}

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

wait_for_port() { # name port pid log: any TCP answer (for servers with nothing to GET)
  local name=$1 port=$2 pid=$3 log=$4 i
  for ((i = 0; i < STARTUP_TIMEOUT * 4; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  tail -n 30 "$log" >&2
  die "$name did not listen on 127.0.0.1:$port (within ${STARTUP_TIMEOUT}s, or it exited)"
}

# Starts a node peer (a fake provider) that prints "listening <port>" once it does: sets <var>_PID, tracked.
start_node_peer() { # var name log script args...
  local var=$1 name=$2 logfile=$3 pid i
  shift 3
  node "$@" </dev/null >"$logfile" 2>&1 &
  pid=$!
  track "$pid"
  printf -v "${var}_PID" '%s' "$pid"
  for ((i = 0; i < STARTUP_TIMEOUT * 20; i++)); do
    grep -q '^listening ' "$logfile" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  tail -n 30 "$logfile" >&2
  die "$name did not start"
}

# ---------------------------------------------------------------- tokens and JSON
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
mint_token() { # email: an HS256 token of a new user (own user and account ids), valid for an hour
  local now header payload signature
  now=$(date +%s)
  header=$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"sub":"%s","account_id":"%s","user_type":16,"email":"%s","iss":"%s","aud":"%s","iat":%d,"nbf":%d,"exp":%d}' \
    "$(cat /proc/sys/kernel/random/uuid)" "$(cat /proc/sys/kernel/random/uuid)" "$1" "$ISSUER" "$ISSUER" \
    "$now" "$now" "$((now + 3600))" | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY_HEX" -binary | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$signature"
}

# Prints a JS expression over the JSON on stdin (node is already required; jq may be absent).
json() {
  node -e 'let s = ""; process.stdin.on("data", d => s += d).on("end", () =>
    console.log(new Function("o", "return " + process.argv[1])(JSON.parse(s))))' "$1"
}

call() { # base token method path [json body]: one API call, fails on anything but 2xx
  local args=(-fsS --max-time 30 -X "$3" "$1/api/v1/cloudaccount/$4" -H "Authorization: Bearer $2")
  [ -z "${5:-}" ] || args+=(-H 'Content-Type: application/json' --data "$5")
  curl "${args[@]}"
}

# ---------------------------------------------------------------- wrk
# One Lua script per scenario: the request, and a done() that prints one parseable line.
write_wrk_report() {
  cat >"$WORK/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
LUA
}
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

ROWS=()
declare -A RPS ERRORS
run() { # label connections script url
  local label=$1 conns=$2 script=$3 url=$4 threads out req dur p50 p90 p99 err
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
sum_rps() { awk -v a="${RPS["$1 #1"]}" -v b="${RPS["$1 #2"]}" 'BEGIN { print a + b }'; }
sum_errors() { echo $((ERRORS["$1 #1"] + ERRORS["$1 #2"])); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
add() { awk -v a="$1" -v b="$2" 'BEGIN { print a + b }'; }

# Times <rounds> complete listings each way, interleaved per round (a then b); sets <var>_A and <var>_B to the per-round
# milliseconds, space-separated. Each command prints the mean milliseconds of one complete listing.
listing_rounds() { # var warm-up-rounds rounds "command a" "command b"
  local var=$1 warmup=$2 rounds=$3 a=() b=() i out
  shift 3
  # Untimed rounds first, as wrk warms up before it measures: code run once per page reaches its optimised tier only
  # after some 60 calls, and the timed rounds compare steady states.
  for ((i = 0; i < warmup; i++)); do
    timeout 300 bash -c "$1" >/dev/null || die "listing failed: $1"
    timeout 300 bash -c "$2" >/dev/null || die "listing failed: $2"
  done
  for ((i = 0; i < rounds; i++)); do
    out=$(timeout 300 bash -c "$1") || die "listing failed: $1"
    a+=("$out")
    out=$(timeout 300 bash -c "$2") || die "listing failed: $2"
    b+=("$out")
  done
  printf -v "${var}_A" '%s' "${a[*]}"
  printf -v "${var}_B" '%s' "${b[*]}"
}
total() { printf '%s\n' $1 | awk '{ s += $1 } END { printf "%.1f", s }'; }

# ---------------------------------------------------------------- figures
# Each figure is printed in the closing table and written as one JSON object: name, value, unit, target (op and
# number, or null when there is none: verdict "info"), met, and the raw side-by-side numbers behind it.
FIGURE_LINES=()
figure() { # name description value unit op(>=|<=|info) target raw-pairs...
  local name=$1 description=$2 value=$3 unit=$4 op=$5 target=$6 met target_json
  shift 6
  if [ "$op" = info ]; then
    met=null target_json=null
  else
    met=$(awk -v v="$value" -v op="$op" -v t="$target" 'BEGIN { print ((op == ">=") ? v >= t : v <= t) ? "true" : "false" }')
    target_json=$(printf '{"op":"%s","value":%s}' "$op" "$target")
  fi
  # Value, target and verdict first, in columns; the description (with its side-by-side numbers) last, however long.
  FIGURE_LINES+=("$(awk -v d="$description" -v v="$value" -v op="$op" -v t="$target" -v u="$unit" -v m="$met" 'BEGIN {
    printf "%12s  %-16s %-7s %s", sprintf("%.2f%s", v, u), op == "info" ? "none" : sprintf("%s %s%s", op, t, u),
      m == "null" ? "info" : m == "true" ? "met" : "MISSED", d }')")
  node "$ROOT/benchmarks/load/results.mjs" object name="$name" description="$description" value="$value" unit="$(printf '%s' "$unit" | tr -d ' ')" \
    target:="$target_json" met:="$met" raw:="$(node "$ROOT/benchmarks/load/results.mjs" object "$@")" >>"$WORK/figures.jsonl"
}

print_figures() {
  printf '%12s  %-16s %-7s %s\n' value target verdict figure
  printf '%s\n' "${FIGURE_LINES[@]}"
}
