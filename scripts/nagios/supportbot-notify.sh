#!/usr/bin/env bash
# SupportBot notification command for Nagios and Icinga: posts the notification's macros as one JSON object
# to POST /api/webhooks/nagios. Every key=value argument becomes a string field of that object.
#
#   supportbot-notify.sh -u URL [-t TOKEN | -T TOKEN_FILE | -b USER:PASSWORD_FILE] [-n] key=value ...
#
#   -u URL         the bot's webhook, e.g. https://supportbot.example.com/api/webhooks/nagios
#   -t TOKEN       bearer token (or set SUPPORTBOT_TOKEN); -T reads it from a file readable only by nagios
#   -b USER:FILE   HTTP basic auth, the password read from FILE
#   -n             print the JSON instead of posting it
#
# Exit status: 0 posted, 1 the bot or the network refused, 2 wrong usage.
set -u

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

url="" token="${SUPPORTBOT_TOKEN:-}" basic_user="" basic_password="" dry_run=0
while getopts "u:t:T:b:nh" option; do
  case "$option" in
    u) url=$OPTARG ;;
    t) token=$OPTARG ;;
    T) token=$(tr -d '\r\n' < "$OPTARG") || exit 2 ;;
    b) basic_user=${OPTARG%%:*}; basic_password=$(tr -d '\r\n' < "${OPTARG#*:}") || exit 2 ;;
    n) dry_run=1 ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || usage
[ -n "$url" ] || [ "$dry_run" = 1 ] || usage

# JSON string escaping in plain bash: backslash, quote, the common control characters; other control characters dropped.
json_string() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  s=$(printf '%s' "$s" | tr -d '\000-\010\013\014\016-\037')
  printf '"%s"' "$s"
}

body="{"
separator=""
for argument in "$@"; do
  case "$argument" in
    *=*) ;;
    *) echo "supportbot-notify: '$argument' is not key=value" >&2; exit 2 ;;
  esac
  key=${argument%%=*}
  value=${argument#*=}
  body+="$separator$(json_string "$key"): $(json_string "$value")"
  separator=", "
done
body+="}"

if [ "$dry_run" = 1 ]; then
  printf '%s\n' "$body"
  exit 0
fi

auth=()
if [ -n "$basic_user" ]; then
  auth=(--user "$basic_user:$basic_password")
elif [ -n "$token" ]; then
  auth=(--header "Authorization: Bearer $token")
fi

response=$(printf '%s' "$body" | curl --silent --show-error --max-time 15 --retry 2 --retry-delay 2 \
  --header "Content-Type: application/json" "${auth[@]}" --data-binary @- \
  --write-out '\n%{http_code}' "$url") || { echo "supportbot-notify: could not reach $url" >&2; exit 1; }
status=${response##*$'\n'}
case "$status" in
  2??) exit 0 ;;
  *) echo "supportbot-notify: $url answered $status: ${response%$'\n'*}" >&2; exit 1 ;;
esac
