#!/usr/bin/env bash
# Signs an HS256 bearer token the API accepts, with the issuer, audience and key of a .env file (the compose
# stack runs outside Development, where `dotnet user-jwts` does not apply). Needs bash, openssl and base64.
#
#   TOKEN=$(bash scripts/mint-token.sh --account 9b2b0b8e-8a4b-4f0e-9d0a-2f2d1c3b4a5e --user-type 16)
#   curl -s http://localhost:8080/api/v1/cloudaccount/get_all -H "Authorization: Bearer $TOKEN"
#
# Options (every one optional):
#   --env FILE        where JWT_ISSUER, JWT_AUDIENCE and JWT_SIGNING_KEY are read (default: .env beside
#                     docker-compose.yml); variables already set in the environment win over the file
#   --sub UUID        the user's id (default: a new random one)
#   --account UUID    the Amove account (default: a new random one)
#   --user-type N     16 DesktopAdmin, 32 DesktopCreativeUser, 64 DesktopStandardUser, ... (default 16)
#   --email ADDRESS   (default: none)
#   --minutes N       lifetime (default 60)
# Anyone holding the signing key can mint a token for any user: keep .env private.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
env_file="$repo/.env"
sub="" account="" user_type=16 email="" minutes=60

while [[ $# -gt 0 ]]; do
  case "$1" in
    --env) env_file=$2; shift 2 ;;
    --sub) sub=$2; shift 2 ;;
    --account) account=$2; shift 2 ;;
    --user-type) user_type=$2; shift 2 ;;
    --email) email=$2; shift 2 ;;
    --minutes) minutes=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "mint-token: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# Reads KEY=value from the env file without executing it.
from_env_file() {
  [[ -f "$env_file" ]] || return 0
  sed -n "s/^$1=//p" "$env_file" | tail -n 1 | sed -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'$/\1/"
}
issuer=${JWT_ISSUER:-$(from_env_file JWT_ISSUER)}
audience=${JWT_AUDIENCE:-$(from_env_file JWT_AUDIENCE)}
key=${JWT_SIGNING_KEY:-$(from_env_file JWT_SIGNING_KEY)}

fail() { echo "mint-token: $*" >&2; exit 1; }
[[ -n "$issuer" && -n "$audience" && -n "$key" ]] \
  || fail "JWT_ISSUER, JWT_AUDIENCE and JWT_SIGNING_KEY must be set (in $env_file or the environment)"
[[ "$key" != REPLACE-ME:* ]] || fail "JWT_SIGNING_KEY is still the placeholder of .env.example: openssl rand -base64 32"
key_hex=$(printf '%s' "$key" | base64 -d 2>/dev/null | od -An -v -tx1 | tr -d ' \n') \
  || fail "JWT_SIGNING_KEY is not base64 (generate one: openssl rand -base64 32)"
(( ${#key_hex} >= 64 )) || fail "JWT_SIGNING_KEY must decode to at least 32 bytes (openssl rand -base64 32)"

uuid() { cat /proc/sys/kernel/random/uuid; }
sub=${sub:-$(uuid)}
account=${account:-$(uuid)}
[[ "$user_type" =~ ^[0-9]+$ && "$minutes" =~ ^[0-9]+$ ]] || fail "--user-type and --minutes take whole numbers"

# JSON string escaping for the free-text values (the UUIDs are checked by the API itself).
json_string() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

now=$(date +%s)
header='{"alg":"HS256","typ":"JWT"}'
payload="{\"iss\":$(json_string "$issuer"),\"aud\":$(json_string "$audience"),\"sub\":$(json_string "$sub")"
payload+=",\"account_id\":$(json_string "$account"),\"user_type\":$user_type"
[[ -n "$email" ]] && payload+=",\"email\":$(json_string "$email")"
payload+=",\"iat\":$now,\"nbf\":$now,\"exp\":$((now + minutes * 60))}"

unsigned="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
signature=$(printf '%s' "$unsigned" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | b64url)
printf '%s.%s\n' "$unsigned" "$signature"
