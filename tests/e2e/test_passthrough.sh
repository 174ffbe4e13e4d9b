#!/usr/bin/env bash
# Every command trusted-compose does not intercept runs in compose unchanged, with the
# placeholder pointing at the local registry: the same output and exit code as compose run
# that way, including services named like commands. Commands that may pull refuse a project
# that would pull anything unverified.
source "$(dirname "$0")/lib.sh"
load_test_world
export XDG_CONFIG_HOME=$TC_TEST_TMP/config

project=$TC_TEST_TMP/passthrough
mkdir -p "$project"
# The project name comes from the environment, which compose v1 and v2 both read.
export COMPOSE_PROJECT_NAME=tc-passthrough
cat >"$project/compose.yaml" <<YAML
services:
  config:
    image: \${DOCKER_REGISTRY}$TC_TEST_REGISTRY/library/busybox:1
    command: ["sh", "-c", "echo config service ran"]
  build:
    image: \${DOCKER_REGISTRY}$TC_TEST_REGISTRY/library/busybox:1
    command: ["sleep", "300"]
YAML
cd "$project"
tc pull -q
expect_eq "pull first: exit 0" 0 "$status"
# What trusted-compose gives compose, so that both are asked the same.
export DOCKER_REGISTRY=$TC_LOCAL_REGISTRY/

# same_as_compose WHAT ARGS...: trusted-compose and compose give the same stdout and exit code.
same_as_compose() {
    local what=$1
    shift
    compose_v2 "$@"
    local compose_out=$out compose_status=$status
    tc "$@"
    expect_eq "$what: same exit code as compose ($compose_status)" "$compose_status" "$status"
    expect_eq "$what: same output as compose" "$compose_out" "$out"
}

same_as_compose "config" config
same_as_compose "config --services" config --services
same_as_compose "global flags before the command" -p other --dry-run config --images
same_as_compose "an unknown command" no-such-command
same_as_compose "a bad flag of a command" up --no-such-flag

tc run --rm config
expect_eq "run of a service named config: exit 0" 0 "$status"
expect_contains "run of a service named config: its output" "config service ran" "$out"

tc run --rm config sh -c 'exit 7'
expect_eq "run: the container's exit code comes back" 7 "$status"

tc up -d build
expect_eq "up -d of a service named build: exit 0" 0 "$status"
tc ps --services --status running
expect_eq "ps: the service runs" "build" "$out"
same_as_compose "ps with a format" ps --format '{{.Service}} {{.State}} {{.Image}}'
tc down --timeout 1
expect_eq "down: exit 0" 0 "$status"
compose_v2 ps -q
expect_eq "down: nothing left running" "" "$out"

# The v1 dialect through the override variable.
TRUSTED_COMPOSE_COMPOSE=docker-compose tc config --services
expect_eq "v1 through TRUSTED_COMPOSE_COMPOSE: exit 0" 0 "$status"
expect_eq "v1 through TRUSTED_COMPOSE_COMPOSE: its output" \
    "$(DOCKER_REGISTRY=$TC_LOCAL_REGISTRY/ docker-compose config --services)" "$out"

# A project that would make compose pull unverified images is refused before compose runs.
unset DOCKER_REGISTRY
printf 'services:\n  direct:\n    image: %s/library/busybox:1\n' "$TC_TEST_REGISTRY" >direct.yaml
tc -f direct.yaml up -d
expect_eq "up of an image without the placeholder: bad-input exit code" 2 "$status"
expect_contains "up of an image without the placeholder: says why" \
    'direct: registry.test/library/busybox:1 does not start with ${DOCKER_REGISTRY}' "$err"
tc -f direct.yaml ps
expect_eq "ps of the same project runs: it pulls nothing" 0 "$status"

tc --help
expect_eq "--help: exit 0" 0 "$status"
expect_contains "--help: names the own commands" "trust images" "$out"
expect_contains "--help: says the rest is compose's" "every other" "$out"

tc --frobnicate up
expect_eq "unknown global flag: bad-input exit code" 2 "$status"
expect_contains "unknown global flag: named" "--frobnicate" "$err"

finish
