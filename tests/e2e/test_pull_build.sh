#!/usr/bin/env bash
# pull and build with Docker Content Trust through the local registry, against the test
# world: only signed content, fetched by its signed digest, ever reaches the local registry.
source "$(dirname "$0")/lib.sh"
load_test_world
export XDG_CONFIG_HOME=$TC_TEST_TMP/config # our TUF state, fresh for this test

registry=$TC_TEST_REGISTRY
local_registry=$TC_LOCAL_REGISTRY
run_id=$(date +%s)-$$
accept='application/vnd.docker.distribution.manifest.v2+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.manifest.v1+json,application/vnd.oci.image.index.v1+json'

# local_digest REPO TAG: the digest of the manifest the local registry serves, or "absent".
local_digest() {
    local body
    if body=$(curl -fsS -H "Accept: $accept" "http://$local_registry/v2/$1/manifests/$2" 2>/dev/null); then
        echo "sha256:$(printf '%s' "$body" | sha256sum | cut -d' ' -f1)"
    else
        echo absent
    fi
}

# signed_digest GUN TAG: what notary says the tag is signed to.
signed_digest() {
    notary -s "$DOCKER_CONTENT_TRUST_SERVER" -d ~/.docker/trust list "$1" 2>/dev/null |
        awk -v tag="$2" '$1 == tag { print "sha256:" $2 }'
}

# make_image NAME TEXT: a one-layer image whose content differs by TEXT.
make_image() {
    local dir=$TC_TEST_TMP/image-$RANDOM
    mkdir -p "$dir"
    printf 'FROM %s/library/busybox:1\nRUN echo %s > /content\n' "$registry" "$2" >"$dir/Dockerfile"
    DOCKER_BUILDKIT=0 docker build -q -t "$1" "$dir" >/dev/null 2>&1
}

project=$TC_TEST_TMP/project
mkdir -p "$project/app"
cat >"$project/compose.yaml" <<YAML
services:
  config:
    image: \${DOCKER_REGISTRY}$registry/library/busybox:1
    command: ["echo", "signed"]
  app:
    build:
      context: app
      args:
        DOCKER_REGISTRY: \${DOCKER_REGISTRY}
        BASE: $registry/library/busybox:1
    image: tc-e2e/app:$run_id
    command: ["cat", "/stage"]
YAML
cat >"$project/app/Dockerfile" <<'DOCKERFILE'
ARG DOCKER_REGISTRY
ARG BASE
FROM ${DOCKER_REGISTRY}${BASE} AS first
RUN echo from-the-first-stage > /stage
FROM ${DOCKER_REGISTRY}${BASE}
COPY --from=first /stage /stage
DOCKERFILE
cd "$project"

# A signed pull, of a service named like a compose command.
tc pull config
expect_eq "signed pull: exit 0" 0 "$status"
signed=$(signed_digest "$registry/library/busybox" 1)
expect_contains "signed pull: a ✔ line with scheme, role and the signed digest" \
    "✔ $registry/library/busybox:1  notaryv1 (targets)  $signed" "$out"
expect_eq "signed pull: the local registry holds the signed digest" "$signed" \
    "$(local_digest "$registry/library/busybox" 1)"

# An unsigned image is refused and never reaches the local registry.
unsigned=$registry/tc-e2e/unsigned-$run_id
make_image "$unsigned:1" unsigned
docker push -q "$unsigned:1" >/dev/null
printf 'services:\n  intruder:\n    image: ${DOCKER_REGISTRY}%s:1\n' "$unsigned" >unsigned.yaml
tc -f unsigned.yaml pull
expect_eq "unsigned pull: untrusted exit code" 5 "$status"
expect_contains "unsigned pull: a ✘ line naming the image and the reason" \
    "✘ ${unsigned}:1  no trust data for $unsigned" "$out"
expect_eq "unsigned pull: absent from the local registry" absent \
    "$(local_digest "${unsigned#*/}" 1)"
expect_eq "unsigned pull: absent under its local name" absent \
    "$(local_digest "$unsigned" 1)"

# A tag moved in the registry after signing still yields the signed content.
moved=$registry/tc-e2e/moved-$run_id
make_image "$moved:1" first
DOCKER_CONTENT_TRUST=1 /usr/bin/docker push "$moved:1" >/dev/null 2>&1
moved_signed=$(signed_digest "$moved" 1)
make_image "$moved:1" swapped
docker push -q "$moved:1" >/dev/null
printf 'services:\n  moved:\n    image: ${DOCKER_REGISTRY}%s:1\n' "$moved" >moved.yaml
tc -f moved.yaml pull
expect_eq "moved tag: exit 0" 0 "$status"
expect_contains "moved tag: warns that the tag moved" "the tag now points to" "$err"
expect_eq "moved tag: the local registry holds the signed digest" "$moved_signed" \
    "$(local_digest "$moved" 1)"

# The notary server unreachable: fail closed, naming it.
TRUSTED_COMPOSE_NOTARY_SERVERS="$registry=https://127.0.0.3:4999" tc -f moved.yaml pull
expect_eq "notary unreachable: network exit code" 8 "$status"
expect_contains "notary unreachable: names the server" "https://127.0.0.3:4999" "$out"

# A multi-stage build whose ARG-fed parents come from the local registry.
docker image rm -f "tc-e2e/app:$run_id" >/dev/null 2>&1
tc build app
expect_eq "build: exit 0" 0 "$status"
expect_contains "build: both FROMs verified" "✔ $registry/library/busybox:1" "$out"
expect_eq "build: the image runs" "from-the-first-stage" \
    "$(docker run --rm "tc-e2e/app:$run_id" cat /stage)"

# A build whose parent is unsigned is refused before anything is built.
sed -i "s#BASE: .*#BASE: $unsigned:1#" compose.yaml
sed -i "s#image: tc-e2e/app:.*#image: tc-e2e/refused:$run_id#" compose.yaml
tc build app
expect_eq "unsigned parent: untrusted exit code" 5 "$status"
expect_contains "unsigned parent: refused with the reason" "refusing to build" "$err"
if docker image inspect "tc-e2e/refused:$run_id" >/dev/null 2>&1; then
    not_ok "unsigned parent: no image was built"
else
    ok "unsigned parent: no image was built"
fi

# A service image written without the placeholder would bypass the local registry.
printf 'services:\n  direct:\n    image: %s/library/busybox:1\n' "$registry" >direct.yaml
tc -f direct.yaml pull
expect_eq "no placeholder: bad-input exit code" 2 "$status"
expect_contains "no placeholder: says why" 'does not start with ${DOCKER_REGISTRY}' "$err"

docker image rm -f "tc-e2e/app:$run_id" "$unsigned:1" "$moved:1" >/dev/null 2>&1
finish
