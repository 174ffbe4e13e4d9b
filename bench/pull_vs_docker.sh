#!/usr/bin/env bash
# Benchmark: `trusted-compose pull` of a 10-service project against the same work done the
# original way — for each image, in turn, `DOCKER_CONTENT_TRUST=1 docker pull`, `docker tag`
# and `docker push` into the local registry, with Debian's docker CLI — side by side in one
# run, against the local test world. Prints both times and their ratio.
#
#   bench/pull_vs_docker.sh [SERVICES]     (default 10; needs scripts/test-env up)
set -euo pipefail
cd "$(dirname "$0")/.."

services=${1:-10}
binary=${TC_BINARY:-build/src/trusted-compose}
eval "$(scripts/test-env env)"
registry=$TC_TEST_REGISTRY
local_registry=$TC_LOCAL_REGISTRY
run=bench-$(date +%s)
work=$(mktemp -d /tmp/tc-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache

echo "preparing $services signed images in $registry/$run/ ..."
for i in $(seq 1 "$services"); do
    mkdir -p "$work/image$i"
    printf 'FROM %s/library/busybox:1\nRUN echo %s-%s > /content\n' "$registry" "$run" "$i" \
        >"$work/image$i/Dockerfile"
    DOCKER_BUILDKIT=0 docker build -q -t "$registry/$run/svc$i:1" "$work/image$i" >/dev/null 2>&1
    DOCKER_CONTENT_TRUST=1 /usr/bin/docker push "$registry/$run/svc$i:1" >/dev/null 2>&1
    docker image rm "$registry/$run/svc$i:1" >/dev/null
done

{
    echo "services:"
    for i in $(seq 1 "$services"); do
        printf '  svc%s:\n    image: ${DOCKER_REGISTRY}%s/%s/svc%s:1\n' "$i" "$registry" "$run" "$i"
    done
} >"$work/compose.yaml"

seconds() { date +%s.%N; }

echo "the original way: DOCKER_CONTENT_TRUST=1 docker pull, docker tag, docker push, per image"
start=$(seconds)
for i in $(seq 1 "$services"); do
    remote=$registry/$run/svc$i:1
    DOCKER_CONTENT_TRUST=1 /usr/bin/docker pull -q "$remote" >/dev/null
    /usr/bin/docker tag "$remote" "$local_registry/original/$run/svc$i:1"
    /usr/bin/docker push -q "$local_registry/original/$run/svc$i:1" >/dev/null
done
original=$(echo "$(seconds) - $start" | bc)

# The same starting point for both: no image of the run in the engine.
for i in $(seq 1 "$services"); do
    docker image rm "$registry/$run/svc$i:1" "$local_registry/original/$run/svc$i:1" \
        >/dev/null 2>&1 || true
done

echo "trusted-compose pull (verification and copies concurrent, then compose pull)"
start=$(seconds)
(cd "$work" && "$OLDPWD/$binary" pull -q >/dev/null)
ours=$(echo "$(seconds) - $start" | bc)

printf '\n%-40s %8.2f s\n' "original (sequential docker, DCT)" "$original"
printf '%-40s %8.2f s\n' "trusted-compose pull" "$ours"
printf '%-40s %8.2f x\n' "ratio original / trusted-compose" "$(echo "$original / $ours" | bc -l)"
