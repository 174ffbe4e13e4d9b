#!/usr/bin/env bash
# `trust resolve` against registry.test of the test world: with the docker CLI's login it
# prints the digest the tag points to now; without credentials it fails with a clear 401.
source "$(dirname "$0")/lib.sh"
load_test_world

image=$TC_TEST_REGISTRY/library/busybox:1

# The digest, computed independently from the manifest bytes the registry serves.
accept='application/vnd.docker.distribution.manifest.v2+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.manifest.v1+json,application/vnd.oci.image.index.v1+json'
token=$(curl -fsS -u "$TC_TEST_REGISTRY_USER:$TC_TEST_REGISTRY_PASSWORD" \
    "https://$TC_TEST_REGISTRY/v2/library/busybox/manifests/1" -H "Accept: $accept" |
    sha256sum | cut -d' ' -f1)
expected_digest=sha256:$token

tc trust resolve "$image"
expect_eq "logged in: exit 0" 0 "$status"
expect_contains "logged in: the digest the registry serves" "$expected_digest" "$out"
expect_contains "logged in: labelled unverified" "unverified" "$out"
expect_contains "logged in: normalized name" "registry.test/library/busybox:1 " "$out"

empty_config=$TC_TEST_TMP/docker-config
mkdir -p "$empty_config"
echo '{}' >"$empty_config/config.json"
DOCKER_CONFIG=$empty_config tc trust resolve "$image"
expect_eq "no credentials: unauthorized exit code" 4 "$status"
expect_contains "no credentials: says 401 and names the registry" "401" "$err"
expect_contains "no credentials: names the registry" "registry.test" "$err"
expect_eq "no credentials: nothing on stdout" "" "$out"

tc trust resolve "$TC_TEST_REGISTRY/library/busybox:no-such-tag"
expect_eq "unknown tag: not-found exit code" 3 "$status"
expect_contains "unknown tag: names the image" "no-such-tag" "$err"

tc trust resolve "localhost:5000/definitely/absent:1"
expect_eq "absent repository in the local registry: not-found" 3 "$status"

tc trust resolve "Bad/Reference"
expect_eq "bad reference: bad-input exit code" 2 "$status"
expect_contains "bad reference: says what is wrong" "must be lowercase" "$err"

tc trust resolve "127.0.0.1:1/x:1"
expect_eq "unreachable registry: network exit code" 8 "$status"

finish
