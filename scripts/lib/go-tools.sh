# shellcheck shell=bash
# Building tools the project needs from their Go modules (compose v2 now; cosign and
# notation later). Needs lib/common.sh and load_versions. Uses Go's default module and build
# caches (never a cache inside the repository), so a rebuild of a known version is fast.

GO_BIN=${GO_BIN:-/usr/local/go/bin/go}
COMPOSE_PLUGIN_DIR=/usr/local/lib/docker/cli-plugins
COMPOSE_PLUGIN=$COMPOSE_PLUGIN_DIR/docker-compose

require_go() {
  if [[ ! -x $GO_BIN ]]; then
    GO_BIN=$(command -v go) || die "Go not found at /usr/local/go/bin/go nor in PATH (set GO_BIN)"
  fi
}

# build_go_module_binary MODULE VERSION PACKAGE OUTPUT [GO BUILD ARGS...]
# `go install MODULE/PACKAGE@VERSION` refuses modules whose go.mod has replace or exclude
# directives (compose's has), so download the module and build inside it instead: that honours
# its go.mod exactly as its own release build does.
build_go_module_binary() {
  local module=$1 version=$2 package=$3 output=$4
  shift 4
  local dir
  # Outside any module, so that the download is not resolved against some go.mod in the cwd.
  dir=$(cd / && "$GO_BIN" mod download -json "$module@$version" | jq -r .Dir)
  [[ -n $dir && -d $dir ]] || die "go mod download $module@$version gave no directory"
  (cd "$dir" && "$GO_BIN" build -trimpath "$@" -o "$output" "$package")
}

# The version the installed compose plugin reports through the docker CLI ("5.6.0"), or
# nothing. Asked of one client; compose_plugin_found_by_all_clients checks the others.
installed_compose_plugin_version() {
  docker compose version --short 2>/dev/null || true
}

# Both docker clients on this machine (28.x in /usr/local/bin, Debian's 20.10 in /usr/bin)
# look in /usr/local/lib/docker/cli-plugins; check that each really finds the plugin.
compose_plugin_found_by_all_clients() {
  local want=$1 client
  for client in /usr/local/bin/docker /usr/bin/docker; do
    [[ -x $client ]] || continue
    [[ $("$client" compose version --short 2>/dev/null) == "$want" ]] || return 1
  done
}

# Build and install the compose v2 plugin pinned in versions.env, unless it is already there.
# Debian's /usr/bin/docker-compose (v1) is a different file and stays untouched.
install_compose_plugin() {
  local version=$COMPOSE_V2_VERSION want=${COMPOSE_V2_VERSION#v}
  if [[ $(installed_compose_plugin_version) == "$want" ]] && compose_plugin_found_by_all_clients "$want"; then
    log "compose plugin $version already installed at $COMPOSE_PLUGIN"
    return 0
  fi

  require_go
  log "building compose $version from its Go module (a few minutes when the caches are cold)"
  local tmp
  tmp=$(mktemp -d)
  if ! build_go_module_binary github.com/docker/compose/v5 "$version" ./cmd "$tmp/docker-compose" \
    -ldflags "-X github.com/docker/compose/v5/internal.Version=$version"; then
    rm -rf "$tmp"
    die "building compose $version failed"
  fi

  install -d -m 0755 "$COMPOSE_PLUGIN_DIR"
  install -m 0755 "$tmp/docker-compose" "$COMPOSE_PLUGIN"
  rm -rf "$tmp"
  compose_plugin_found_by_all_clients "$want" ||
    die "installed $COMPOSE_PLUGIN but 'docker compose version --short' does not say $want"
  log "compose plugin $version installed at $COMPOSE_PLUGIN"
}
