#!/usr/bin/env bash
# Builds the bot's container image with `dotnet publish bot -t:PublishContainer`, runs it, and checks what a user sees.
# Offline: no foreign container registry is contacted. Instead
#   1. a base image like Microsoft's ASP.NET Core image (Debian + the ASP.NET Core runtime of the local .NET install,
#      ASPNETCORE_HTTP_PORTS=8080, non-root user "app" 1654) is built with debootstrap from the machine's own apt
#      mirror and cached in $SUPPORTBOT_CONTAINER_CACHE (default /var/cache/supportbot-container);
#   2. it is served by a distribution registry on loopback, and the SDK builds and pushes the bot's image there;
#   3. the image is unpacked with umoci and run with runc in a network namespace of its own, reached over a veth pair
#      (so a bot listening on loopback only would fail), with a redis-server on the host side;
#   4. checks: image config (port 8080, non-root, shipped appsettings.json in /app), Production start with the
#      README's settings, Redis ready, an authenticated Alertmanager webhook turns the shipped status page's
#      "Checkout" into a major outage; ASPNETCORE_HTTP_PORTS and --urls given to the container win.
# Needs root (debootstrap, network namespaces, runc); installs what is missing with apt-get. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

say() { echo "container-test: $*"; }
fail() { echo "container-test: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap, network namespaces, runc)"

apt_packages=(debootstrap umoci skopeo docker-registry runc jq iproute2 curl redis-server)
missing=()
for pkg in "${apt_packages[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing with apt-get: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/supportbot-container.XXXXXX)
id=sb$$                      # names of the network namespace, veth pair and containers (interface names ≤ 15 chars)
pids=()
containers=()
cleanup() {
  set +e
  for c in "${containers[@]}"; do runc delete -f "$c" >/dev/null 2>&1; done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  ip netns del "$id" 2>/dev/null
  ip link del "${id}h" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    [ -z "$(ss -Htln "sport = :$p")" ] && { echo "$p"; return; }
  done
}

wait_http() {   # url, seconds
  local i
  for ((i = 0; i < $2 * 2; i++)); do
    curl -sf -m 2 -o /dev/null "$1" && return 0
    sleep 0.5
  done
  return 1
}

# ---- 1. The base image (cached) ---------------------------------------------------------------------------------
. /etc/os-release
runtime=$(dotnet --list-runtimes | awk '$1 == "Microsoft.AspNetCore.App" && $2 ~ /^10\./ {v=$2; d=$3} END {print v}')
[ -n "$runtime" ] || fail "no ASP.NET Core 10 runtime in 'dotnet --list-runtimes'"
dotnet_root=$(dirname "$(dirname "$(dotnet --list-runtimes | awk -v v="$runtime" '$1 == "Microsoft.AspNetCore.App" && $2 == v {print $3}' | tr -d '[]')")")
cache=${SUPPORTBOT_CONTAINER_CACHE:-/var/cache/supportbot-container}
base=$cache/base-$VERSION_CODENAME-aspnet-$runtime      # an OCI image layout, tag "base"
mkdir -p "$cache"
exec 9>"$cache/lock"
flock 9                                                  # one build of the base image at a time
if [ ! -f "$base/index.json" ]; then
  mirror=$(apt-get indextargets --format '$(REPO_URI) $(CODENAME)' | awk -v c="$VERSION_CODENAME" '$2 == c {print $1; exit}')
  [ -n "$mirror" ] || fail "no apt source for $VERSION_CODENAME to debootstrap from"
  say "building the base image ($ID $VERSION_CODENAME from this machine's apt mirror, ASP.NET Core $runtime from $dotnet_root); a few minutes, once"
  build=$work/base
  mkdir -p "$build"
  rootfs=$build/rootfs
  # What Microsoft's runtime-deps image holds: ca-certificates, ICU, OpenSSL, time zones.
  debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata \
    "$VERSION_CODENAME" "$rootfs" "$mirror" >"$build/debootstrap.log" 2>&1 || { tail -20 "$build/debootstrap.log"; fail "debootstrap"; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  mkdir -p "$rootfs/usr/share/dotnet/shared"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$rootfs/usr/share/dotnet/"
  netcore=$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" && $2 ~ /^10\./ {v=$2} END {print v}')
  mkdir -p "$rootfs/usr/share/dotnet/shared/Microsoft.NETCore.App" "$rootfs/usr/share/dotnet/shared/Microsoft.AspNetCore.App"
  cp -a "$dotnet_root/shared/Microsoft.NETCore.App/$netcore" "$rootfs/usr/share/dotnet/shared/Microsoft.NETCore.App/"
  cp -a "$dotnet_root/shared/Microsoft.AspNetCore.App/$runtime" "$rootfs/usr/share/dotnet/shared/Microsoft.AspNetCore.App/"
  ln -sf /usr/share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
  chroot "$rootfs" groupadd --gid 1654 app
  chroot "$rootfs" useradd --uid 1654 --gid 1654 --no-create-home --shell /bin/false app
  umoci init --layout "$build/oci"
  umoci new --image "$build/oci:base"
  umoci unpack --image "$build/oci:base" "$build/bundle" >/dev/null
  rm -rf "$build/bundle/rootfs" && mv "$rootfs" "$build/bundle/rootfs"
  umoci repack --image "$build/oci:base" "$build/bundle"
  # The environment Microsoft's aspnet image sets; the SDK reads APP_UID (user) and ASPNETCORE_HTTP_PORTS (port).
  umoci config --image "$build/oci:base" --os linux --architecture amd64 \
    --config.env APP_UID=1654 --config.env ASPNETCORE_HTTP_PORTS=8080 --config.env DOTNET_RUNNING_IN_CONTAINER=true \
    --config.env DOTNET_VERSION="$netcore" --config.env ASPNET_VERSION="$runtime" \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  umoci gc --layout "$build/oci"
  rm -rf "$base" && mv "$build/oci" "$base"
  rm -rf "$build"
fi
flock -u 9

# ---- 2. A registry on loopback; the SDK builds the bot's image on the base and pushes it there ------------------
reg_port=$(free_port)
cat >"$work/registry.yml" <<EOF
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $work/registry } }
http: { addr: "127.0.0.1:$reg_port" }
EOF
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$reg_port/v2/" 30 || { cat "$work/registry.log"; fail "the local registry did not start"; }
registry=localhost:$reg_port                                # the SDK speaks plain HTTP to localhost registries
skopeo copy -q --dest-tls-verify=false "oci:$base:base" "docker://$registry/supportbot-base:$runtime"

tag=test-$id
say "dotnet publish bot -t:PublishContainer on the local base image"
dotnet publish bot -c Release -t:PublishContainer -p:ContainerBaseImage="$registry/supportbot-base:$runtime" \
  -p:ContainerRegistry="$registry" -p:ContainerImageTag="$tag" -nologo -v:q >"$work/publish.log" 2>&1 \
  || { tail -30 "$work/publish.log"; fail "dotnet publish -t:PublishContainer"; }

# ---- 3. The image as built ----------------------------------------------------------------------------------------
config=$(skopeo inspect -n --tls-verify=false --config "docker://$registry/supportbot:$tag" | jq .config)
echo "$config" | jq -e '.ExposedPorts | has("8080/tcp")' >/dev/null || fail "image does not expose 8080/tcp: $config"
echo "$config" | jq -e '.User == "1654"' >/dev/null || fail "image does not run as the base image's non-root user: $config"
echo "$config" | jq -e '.Env | index("ASPNETCORE_HTTP_PORTS=8080")' >/dev/null || fail "ASPNETCORE_HTTP_PORTS=8080 not in the image: $config"
skopeo copy -q --src-tls-verify=false "docker://$registry/supportbot:$tag" "oci:$work/image:bot"
umoci unpack --image "$work/image:bot" "$work/bundle" >/dev/null
rootfs=$work/bundle/rootfs
cmp -s appsettings.json "$rootfs/app/appsettings.json" || fail "the image's /app/appsettings.json is not the repository's appsettings.json"
say "image ok: $(echo "$config" | jq -c '{Entrypoint, User, ExposedPorts}')"

# ---- 4. Run it: own network namespace, Redis on the host side of a veth pair --------------------------------------
subnet="10.$((200 + RANDOM % 50)).$((RANDOM % 256)).$((RANDOM % 64 * 4))"
host_ip=${subnet%.*}.$((${subnet##*.} + 1))
ctr_ip=${subnet%.*}.$((${subnet##*.} + 2))
ip netns add "$id"
ip link add "${id}h" type veth peer name "${id}c"
ip link set "${id}c" netns "$id"
ip addr add "$host_ip/30" dev "${id}h" && ip link set "${id}h" up
ip netns exec "$id" ip addr add "$ctr_ip/30" dev "${id}c"
ip netns exec "$id" ip link set "${id}c" up
ip netns exec "$id" ip link set lo up

redis_port=$(free_port)
redis-server --bind "$host_ip" --port "$redis_port" --protected-mode no --save '' --appendonly no \
  --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)

admin_token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
hook_token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
# The settings README's "A container" section gives (the Bot Framework identity is made up: nothing is sent here).
user_env=(ASPNETCORE_ENVIRONMENT=Production "ConnectionStrings__Redis=$host_ip:$redis_port"
  "Admin__Token=$admin_token" Webhooks__Auth__Scheme=Bearer "Webhooks__Auth__Token=$hook_token"
  MicrosoftAppType=SingleTenant MicrosoftAppId=00000000-0000-0000-0000-000000000001
  MicrosoftAppPassword=not-a-real-secret MicrosoftAppTenantId=00000000-0000-0000-0000-000000000002)

run_container() {   # name, extra env (JSON array), extra args (JSON array); like `docker run`, on the unpacked image
  local name=$1 dir=$work/$1
  mkdir -p "$dir"
  jq --arg root "$rootfs" --arg ns "/var/run/netns/$id" --argjson env "$2" --argjson args "$3" '
      .root.path = $root | .process.terminal = false
    | .process.env += $env | .process.args += $args
    | .linux.namespaces |= map(if .type == "network" then .path = $ns else . end)' \
    "$work/bundle/config.json" >"$dir/config.json"
  runc run --bundle "$dir" "$id-$name" >"$dir/log" 2>&1 </dev/null &
  pids+=($!)
  containers+=("$id-$name")
}
stop_container() {
  runc kill "$id-$1" TERM 2>/dev/null || true
  local i
  for ((i = 0; i < 40; i++)); do runc state "$id-$1" >/dev/null 2>&1 || break; [ "$(runc state "$id-$1" | jq -r .status)" = stopped ] && break; sleep 0.25; done
  runc delete -f "$id-$1" >/dev/null 2>&1 || true
}
as_json() { printf '%s\n' "$@" | jq -R . | jq -sc .; }

say "run 1: Production, the README's settings, Redis"
run_container main "$(as_json "${user_env[@]}")" '[]'
url=http://$ctr_ip:8080
wait_http "$url/healthz" 90 || { cat "$work/main/log"; fail "the bot did not answer on the container's address, port 8080"; }
grep -q 'Now listening on: http://\[::\]:8080' "$work/main/log" || { cat "$work/main/log"; fail "not listening on all addresses, port 8080"; }
readyz=$(curl -s -m 5 "$url/readyz")
echo "$readyz" | jq -e '.status == "healthy" and .checks.redis == "healthy"' >/dev/null || fail "readyz: $readyz"
code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  --data-binary @samples/alertmanager-firing.json "$url/api/webhooks/alertmanager")
[ "$code" = 401 ] || fail "a webhook without the token got $code, expected 401"
code=$(curl -s -m 10 -o "$work/hook.out" -w '%{http_code}' -H 'Content-Type: application/json' -H "Authorization: Bearer $hook_token" \
  --data-binary @samples/alertmanager-firing.json "$url/api/webhooks/alertmanager")
[ "$code" = 202 ] || fail "the Alertmanager webhook got $code: $(cat "$work/hook.out")"
status=$(curl -s -m 5 "$url/status.json")
# The shipped appsettings.json: page title and the three status page services, Checkout now down.
echo "$status" | jq -e '.page.name == "Example Shop status"
  and ([.components[].name] == ["Checkout", "Orders", "Search"])
  and (.components[] | select(.id == "checkout-api") | .status == "major_outage")
  and .status.description == "Major outage"' >/dev/null || fail "status.json does not show the shipped services: $status"
incidents=$(curl -s -m 5 -H "Authorization: Bearer $admin_token" "$url/api/incidents?open=true")
echo "$incidents" | grep -q checkout-api || fail "/api/incidents does not list the checkout-api incident: $incidents"
redis-cli -h "$host_ip" -p "$redis_port" --scan | grep -q . || fail "nothing was stored in Redis"
stop_container main
say "run 1 ok: listening on the container's address, port 8080; Redis ready; webhook → Checkout major outage on /status.json"

say "run 2: ASPNETCORE_HTTP_PORTS=9090 given to the container wins"
run_container ports "$(as_json "${user_env[@]}" ASPNETCORE_HTTP_PORTS=9090)" '[]'
wait_http "http://$ctr_ip:9090/healthz" 90 || { cat "$work/ports/log"; fail "ASPNETCORE_HTTP_PORTS=9090 did not win"; }
curl -s -m 2 -o /dev/null "http://$ctr_ip:8080/healthz" && fail "still listening on 8080 with ASPNETCORE_HTTP_PORTS=9090"
stop_container ports

say "run 3: --urls http://+:9191 after the entrypoint wins"
run_container urls "$(as_json "${user_env[@]}")" '["--urls", "http://+:9191"]'
wait_http "http://$ctr_ip:9191/healthz" 90 || { cat "$work/urls/log"; fail "--urls did not win"; }
curl -s -m 2 -o /dev/null "http://$ctr_ip:8080/healthz" && fail "still listening on 8080 with --urls"
stop_container urls

say "all container checks passed"
