# The scenarios of scripts/load.sh beyond the single API's own (sourced by it; not run on its own): the peers it
# lists from (Azurite, a fake Dropbox), the fleet behind nginx, and the API with the IDrive e2 storage host.
# Each function dies when its check fails, before anything is timed.

# ---------------------------------------------------------------- Azure (Azurite)
# Azurite's documented development account: public, and accepted by nothing but the emulator.
AZURITE_ACCOUNT=devstoreaccount1
AZURITE_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
start_azurite() {
  AZURITE_PORT=$(free_port)
  AZURITE_URL="http://127.0.0.1:$AZURITE_PORT/$AZURITE_ACCOUNT"
  mkdir -p "$WORK/azurite"
  # --skipApiVersionCheck: the Azure SDK may speak a newer service version than this Azurite knows; --loose: it
  # ignores headers it does not know instead of refusing them; --disableTelemetry: nothing leaves the machine.
  node "$AZURITE_JS" --blobHost 127.0.0.1 --blobPort "$AZURITE_PORT" --location "$WORK/azurite" \
    --skipApiVersionCheck --loose --disableTelemetry --silent </dev/null >"$WORK/azurite.log" 2>&1 &
  AZURITE_PID=$!
  track "$AZURITE_PID"
  wait_for_port Azurite "$AZURITE_PORT" "$AZURITE_PID" "$WORK/azurite.log"
}

# ---------------------------------------------------------------- Dropbox (a node fake)
DROPBOX_ACCESS_TOKEN="sl.load-$RANDOM$RANDOM"
DROPBOX_REFRESH_TOKEN="rt-load-$RANDOM$RANDOM"
DROPBOX_CLIENT_ID=load-dropbox-app DROPBOX_CLIENT_SECRET="load-secret-$RANDOM"
start_fake_dropbox() {
  DROPBOX_PORT=$(free_port)
  DROPBOX_URL="http://127.0.0.1:$DROPBOX_PORT"
  start_node_peer DROPBOX "the fake Dropbox" "$WORK/dropbox.log" "$ROOT/benchmarks/load/fake-dropbox.mjs" \
    "$DROPBOX_PORT" "$OBJECTS" "$DROPBOX_ACCESS_TOKEN" "$DROPBOX_REFRESH_TOKEN" "$DROPBOX_CLIENT_ID" "$DROPBOX_CLIENT_SECRET"
}
# The connector's settings, as an operator points it at a private endpoint.
dropbox_env() {
  DROPBOX_ENV=(
    Connectors__Dropbox__ApiBaseUrl="$DROPBOX_URL"
    Connectors__Dropbox__TokenUrl="$DROPBOX_URL/oauth2/token"
    Connectors__Dropbox__ClientId="$DROPBOX_CLIENT_ID"
    Connectors__Dropbox__ClientSecret="$DROPBOX_CLIENT_SECRET"
  )
}
# The stored form of the user's tokens, as the OAuth token answer (JSON inside the JSON body).
dropbox_insert_body() {
  printf '{"cloudType":128,"name":"load dropbox","credentialsData":"{\\"access_token\\":\\"%s\\",\\"token_type\\":\\"bearer\\",\\"refresh_token\\":\\"%s\\",\\"expires_in\\":14400,\\"account_id\\":\\"dbid:1001\\"}"}' \
    "$DROPBOX_ACCESS_TOKEN" "$DROPBOX_REFRESH_TOKEN"
}

# ---------------------------------------------------------------- the fleet: two instances behind nginx
# One nginx, two sites on their own ports: one proxies to instance A alone, the other to A and B (round robin).
# Both keep connections to their upstreams alive and log the upstream of every request, so the spread is counted.
start_nginx() { # port-one port-fleet api-port-a api-port-b
  local dir="$WORK/nginx"
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    log_format spread '\$upstream_addr \$status \$upstream_http_error_code';
    # Inherited by both sites: keepalive to the instances, and the forwarded headers the API trusts from a proxy.
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    upstream one {
        server 127.0.0.1:$3;
        keepalive 64;
    }
    upstream fleet {
        server 127.0.0.1:$3;
        server 127.0.0.1:$4;
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$1;
        access_log $dir/one.log spread;
        location / { proxy_pass http://one; }
    }
    server {
        listen 127.0.0.1:$2;
        access_log $dir/fleet.log spread;
        location / { proxy_pass http://fleet; }
    }
}
NGINX
  "$NGINX_BIN" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" </dev/null >"$dir/stdout.log" 2>&1 &
  NGINX_PID=$!
  track "$NGINX_PID"
  wait_for_port nginx "$1" "$NGINX_PID" "$dir/error.log"
  wait_for_port nginx "$2" "$NGINX_PID" "$dir/error.log"
}

measure_fleet() {
  local api_b_port nginx_one nginx_fleet fleet_token id i served_a served_b failed
  api_b_port=$(free_port)
  log "starting instance B on 127.0.0.1:$api_b_port (same database, same key ring)"
  launch_api API_B "$api_b_port" "$WORK/api-b.log" "${S3_HOST_ENV[@]}" "${DROPBOX_ENV[@]}"
  wait_for_http "API instance B" "http://127.0.0.1:$api_b_port/health/ready" "$API_B_PID" "$WORK/api-b.log"

  # Correctness first: an account inserted through A is listed by B, and B can use its credentials (the key ring is shared).
  fleet_token=$(mint_token fleet@amove.test)
  id=$(call "$API" "$fleet_token" POST insert \
    "$(printf '{"cloudType":8,"name":"fleet","accessKey":"S3RVER","secretKey":"S3RVER","serviceUrl":"%s"}' "$S3_URL")" | json 'o.id')
  [ "$(call "http://127.0.0.1:$api_b_port" "$fleet_token" GET get_all | json "o.data.filter(a => a.id === '$id').length")" = 1 ] ||
    die "fleet: the account inserted through instance A is not listed by instance B"
  [ "$(call "http://127.0.0.1:$api_b_port" "$fleet_token" POST list_buckets "{\"cloudAccountId\":\"$id\"}" | json 'o.data.length')" = "$BUCKETS" ] ||
    die "fleet: instance B cannot use the credentials instance A stored (is the key ring shared?)"

  nginx_one=$(free_port)
  nginx_fleet=$(free_port)
  start_nginx "$nginx_one" "$nginx_fleet" "$API_PORT" "$api_b_port"
  for i in 1 2 3 4; do
    [ "$(call "http://127.0.0.1:$nginx_fleet" "$TOKEN" GET get_all | json 'o.data.length')" = "$ACCOUNTS" ] ||
      die "fleet: get_all through nginx does not return $ACCOUNTS accounts"
  done
  [ "$(call "http://127.0.0.1:$nginx_one" "$TOKEN" GET get_all | json 'o.data.length')" = "$ACCOUNTS" ] ||
    die "fleet: get_all through nginx (one instance) does not return $ACCOUNTS accounts"

  compare 32 "nginx, one instance: get_all" "$GET_ALL" "http://127.0.0.1:$nginx_one/api/v1/cloudaccount/get_all" \
    "nginx, two instances: get_all" "$GET_ALL" "http://127.0.0.1:$nginx_fleet/api/v1/cloudaccount/get_all"

  # Who served what, and how each request ended, as nginx logged it. wrk drops its connections when a run ends, which
  # nginx logs as 499 with no answer from the API; the API's own 499s carry an error-code header.
  stop_pid "$NGINX_PID"
  served_a=$(grep -c "^127.0.0.1:$API_PORT " "$WORK/nginx/fleet.log" || true)
  served_b=$(grep -c "^127.0.0.1:$api_b_port " "$WORK/nginx/fleet.log" || true)
  failed=$(awk '$2 != 200 && !($2 == 499 && $3 == "-")' "$WORK/nginx/fleet.log" "$WORK/nginx/one.log" | wc -l)
  ((failed == 0)) || log "nginx logged $failed failed requests (upstream status error-code): $(awk '$2 != 200 && !($2 == 499 && $3 == "-")' \
    "$WORK/nginx/fleet.log" "$WORK/nginx/one.log" | sort | uniq -c | sort -rn | head -n 5 | tr '\n' ';')"
  ((served_a > 0 && served_b > 0)) || die "fleet: nginx did not spread the load (A served $served_a, B $served_b)"
  stop_pid "$API_B_PID"

  local one fleet errors
  one=$(sum_rps "nginx, one instance: get_all")
  fleet=$(sum_rps "nginx, two instances: get_all")
  errors=$(($(sum_errors "nginx, one instance: get_all") + $(sum_errors "nginx, two instances: get_all") + failed))
  figure fleet_rps_ratio \
    "get_all RPS via nginx, two instances / one (${fleet%.*} / ${one%.*}; 2 cores: correctness, not speed)" \
    "$(ratio "$fleet" "$one")" x info - \
    one_instance_rps[]="${RPS["nginx, one instance: get_all #1"]} ${RPS["nginx, one instance: get_all #2"]}" \
    two_instances_rps[]="${RPS["nginx, two instances: get_all #1"]} ${RPS["nginx, two instances: get_all #2"]}" \
    served_by_a="$served_a" served_by_b="$served_b" connections=32
  figure fleet_errors "fleet errors under load (wrk errors + non-200 at nginx; A served $served_a, B $served_b)" \
    "$errors" "" "<=" 0 wrk_errors="$((errors - failed))" non_200_at_nginx="$failed" \
    inserted_through_a_listed_by_b:=true
}

# ---------------------------------------------------------------- idrive_add_storage (the IDrive e2 host)
measure_add_storage() {
  local e2_port e2_api_port result
  e2_port=$(free_port)
  start_node_peer E2 "the fake IDrive e2 reseller API" "$WORK/e2.log" "$ROOT/benchmarks/load/fake-idrive-e2.mjs" \
    "$e2_port" "$E2_API_KEY" "$S3_URL" S3RVER S3RVER
  e2_api_port=$(free_port)
  log "starting an API with the IDrive e2 storage host on 127.0.0.1:$e2_api_port"
  # Staging: Production refuses an http reseller API (the key travels in a header); everything else is as in Production.
  launch_api E2_API "$e2_api_port" "$WORK/api-e2.log" \
    ASPNETCORE_ENVIRONMENT=Staging \
    AmoveStorage__Host=IDriveE2 AmoveStorage__DefaultRegion=OR \
    AmoveStorage__IDriveE2__BaseUrl="http://127.0.0.1:$e2_port/api/reseller/v1" \
    AmoveStorage__IDriveE2__ApiKey="$E2_API_KEY" \
    Outbound__AllowedHosts__9="127.0.0.1:$e2_port"
  wait_for_http "API (IDrive e2 host)" "http://127.0.0.1:$e2_api_port/health/ready" "$E2_API_PID" "$WORK/api-e2.log"

  log "timing $ADD_STORAGE_CALLS idrive_add_storage calls (after $ADD_STORAGE_WARMUP untimed)"
  result=$(timeout 600 node "$ROOT/benchmarks/load/add-storage.mjs" "http://127.0.0.1:$e2_api_port" "$KEY_HEX" "$ISSUER" \
    "$ADD_STORAGE_CALLS" "$ADD_STORAGE_WARMUP") || { tail -n 30 "$WORK/api-e2.log" >&2; die "idrive_add_storage failed"; }
  stop_pid "$E2_API_PID"
  stop_pid "$E2_PID"

  figure add_storage_p50_ms \
    "idrive_add_storage p50 of $ADD_STORAGE_CALLS (p90 $(json 'o.p90_ms' <<<"$result") ms, mean $(json 'o.mean_ms' <<<"$result") ms)" \
    "$(json 'o.p50_ms' <<<"$result")" " ms" info - \
    p90_ms="$(json 'o.p90_ms' <<<"$result")" mean_ms="$(json 'o.mean_ms' <<<"$result")" \
    samples_ms[]="$(json 'o.samples_ms.join(" ")' <<<"$result")" calls="$ADD_STORAGE_CALLS"
}
