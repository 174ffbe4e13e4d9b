#!/usr/bin/env bash
# push: trusted-compose pushes what a service builds and signs it with Docker Content Trust;
# another client (Debian's docker CLI, the notary client) and trusted-compose pull see it.
source "$(dirname "$0")/lib.sh"
load_test_world
export XDG_CONFIG_HOME=$TC_TEST_TMP/config

registry=$TC_TEST_REGISTRY
image=$registry/tc-e2e/pushed-$(date +%s)-$$
project=$TC_TEST_TMP/project
mkdir -p "$project/app"
cat >"$project/compose.yaml" <<YAML
services:
  build:
    build:
      context: app
      args:
        DOCKER_REGISTRY: \${DOCKER_REGISTRY}
    image: $image:1
YAML
printf 'ARG DOCKER_REGISTRY\nFROM ${DOCKER_REGISTRY}%s/library/busybox:1\nRUN echo pushed > /p\n' \
    "$registry" >"$project/app/Dockerfile"
cd "$project"

tc build build
expect_eq "build of a service named build: exit 0" 0 "$status"

tc push build
expect_eq "push: exit 0" 0 "$status"
expect_contains "push: a ✔ line saying it signed" "✔ $image:1  signed notaryv1 (targets)" "$out"
signed=$(notary -s "$DOCKER_CONTENT_TRUST_SERVER" -d ~/.docker/trust list "$image" 2>/dev/null |
    awk '$1 == "1" { print "sha256:" $2 }')
expect_contains "push: the notary client lists the signed digest" "$signed" "$out"
pushed=$(docker image inspect --format '{{json .RepoDigests}}' "$image:1" | jq -r '.[0]')
expect_eq "push: the signed digest is the one the engine pushed" "$image@$signed" "$pushed"

docker image rm -f "$image:1" >/dev/null
if DOCKER_CONTENT_TRUST=1 /usr/bin/docker pull "$image:1" >/dev/null 2>&1; then
    ok "push: docker's own DCT pull verifies it"
else
    not_ok "push: docker's own DCT pull verifies it"
fi

printf 'services:\n  consumer:\n    image: ${DOCKER_REGISTRY}%s:1\n' "$image" >consumer.yaml
tc -f consumer.yaml pull
expect_eq "push: trusted-compose pull verifies it" 0 "$status"
expect_contains "push: ... to the signed digest" "✔ $image:1  notaryv1 (targets)  $signed" "$out"

printf 'services:\n  only-pulled:\n    image: busybox:1\n' >nothing.yaml
tc -f nothing.yaml push
expect_eq "push with nothing built: bad-input exit code" 2 "$status"

docker image rm -f "$image:1" >/dev/null 2>&1
finish
