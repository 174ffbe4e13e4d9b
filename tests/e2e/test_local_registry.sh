#!/usr/bin/env bash
# trust registry start|stop|status: a local registry of our own on a loopback port, then a
# verified pull into it.
source "$(dirname "$0")/lib.sh"
load_test_world
export XDG_DATA_HOME=$TC_TEST_TMP/data XDG_CONFIG_HOME=$TC_TEST_TMP/config

address=127.0.0.1:$((20000 + RANDOM % 20000))
own() { tc --local-registry "$address" "$@"; }

own trust registry status
expect_eq "status before start: not-found exit code" 3 "$status"
expect_contains "status before start: says none runs" "no local registry at $address" "$out"

own trust registry start
expect_eq "start: exit 0" 0 "$status"
expect_eq "start: it answers" 200 "$(curl -s -o /dev/null -w '%{http_code}' "http://$address/v2/")"

own trust registry start
expect_contains "start twice: already running" "already runs at $address" "$out"

own trust registry status
expect_eq "status: exit 0" 0 "$status"
expect_contains "status: says how and where its data is" "$XDG_DATA_HOME/trusted-compose/registry/data" "$out"

project=$TC_TEST_TMP/project
mkdir -p "$project"
printf 'services:\n  web:\n    image: ${DOCKER_REGISTRY}%s/library/busybox:1\n' \
    "$TC_TEST_REGISTRY" >"$project/compose.yaml"
(cd "$project" && own pull -q)
expect_eq "pull into our own registry: exit 0" 0 "$status"
expect_eq "pull into our own registry: the image is there" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' \
        -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
        "http://$address/v2/$TC_TEST_REGISTRY/library/busybox/manifests/1")"

tc --local-registry 0.0.0.0:5999 trust registry start
expect_eq "a non-loopback address is refused" 2 "$status"
expect_contains "a non-loopback address is refused: says why" "must be on loopback" "$err"

own trust registry stop
expect_eq "stop: exit 0" 0 "$status"
sleep 1
own trust registry status
expect_eq "status after stop: not-found exit code" 3 "$status"

docker image rm -f "$address/$TC_TEST_REGISTRY/library/busybox:1" >/dev/null 2>&1
finish
