#!/usr/bin/env bash
# End-to-end check of the local test world (scripts/test-env): it comes up, a second `up`
# changes nothing, every part answers, and Docker Content Trust signs and verifies against
# it. Leaves the world up: other tests use it. Run as root (ctest runs it with bash).

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
TEST_ENV=$TC_SOURCE_DIR/scripts/test-env
WORK=$TC_TEST_TMP

# check WHAT COMMAND...: ok when COMMAND succeeds; its output is shown only on failure.
check() {
  local what=$1
  shift
  if "$@" >"$WORK/out" 2>&1; then
    ok "$what"
  else
    not_ok "$what"
    sed 's/^/#   /' "$WORK/out"
  fi
}

# check_fails WHAT COMMAND...: ok when COMMAND fails.
check_fails() {
  local what=$1
  shift
  if "$@" >"$WORK/out" 2>&1; then
    not_ok "$what"
    sed 's/^/#   /' "$WORK/out"
  else
    ok "$what"
  fi
}

# What `up` may change on the machine, as one fingerprint.
machine_fingerprint() {
  local docker_config=${DOCKER_CONFIG:-$HOME/.docker}
  {
    cat /etc/hosts
    cat /usr/local/share/ca-certificates/trusted-compose-test-ca.crt
    cat /etc/docker/certs.d/registry.test/ca.crt
    cat "$docker_config/tls/notary.test:4443/ca.crt"
    jq -S .auths "$docker_config/config.json"
  } 2>&1 | sha256sum
}

http_status() {
  curl --silent --output /dev/null --write-out '%{http_code}' --max-time 10 "$@"
}

# --- up, twice ---------------------------------------------------------------------------

check "first up succeeds" "$TEST_ENV" up

before=$(machine_fingerprint)
if "$TEST_ENV" up >"$WORK/up2" 2>&1 && grep -q 'everything is already up' "$WORK/up2"; then
  ok "second up says everything is already up"
else
  not_ok "second up says everything is already up"
  sed 's/^/#   /' "$WORK/up2"
fi
after=$(machine_fingerprint)
if [[ $before == "$after" ]]; then
  ok "second up leaves /etc/hosts, the CA files and the docker login unchanged"
else
  not_ok "second up leaves /etc/hosts, the CA files and the docker login unchanged"
fi

# --- status ------------------------------------------------------------------------------

if "$TEST_ENV" status >"$WORK/status" 2>&1 && ! awk '$2 != "up" { bad = 1 } END { exit !bad }' "$WORK/status"; then
  ok "status shows every part up"
else
  not_ok "status shows every part up"
  sed 's/^/#   /' "$WORK/status"
fi

# --- the world from a shell that evaluated `env` -----------------------------------------

load_test_world
for var in DOCKER_CONTENT_TRUST_SERVER DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE \
  DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE TC_TEST_REGISTRY TC_TEST_REGISTRY_USER \
  TC_TEST_REGISTRY_PASSWORD TC_TEST_NOTARY TC_LOCAL_REGISTRY TC_TEST_CA; do
  if [[ -n ${!var:-} ]]; then ok "env exports $var"; else not_ok "env exports $var"; fi
done

check "DCT pull of the signed $TC_TEST_REGISTRY/library/busybox:1 succeeds" \
  env DOCKER_CONTENT_TRUST=1 docker pull "$TC_TEST_REGISTRY/library/busybox:1"

# Refused for want of a signature, not for some other reason.
dct_refuses_unsigned() {
  local answer
  answer=$(DOCKER_CONTENT_TRUST=1 docker pull "$TC_TEST_REGISTRY/library/busybox:unsigned" 2>&1) && return 1
  printf '%s\n' "$answer"
  grep -qiE 'no valid trust data|does not have trust data' <<<"$answer"
}
check "DCT pull of $TC_TEST_REGISTRY/library/busybox:unsigned fails for want of trust data" dct_refuses_unsigned

check "pull of $TC_TEST_REGISTRY/library/busybox:unsigned without DCT succeeds" \
  env DOCKER_CONTENT_TRUST=0 docker pull "$TC_TEST_REGISTRY/library/busybox:unsigned"

if [[ $(docker run --rm "$TC_TEST_REGISTRY/library/busybox:1" echo hi 2>&1) == hi ]]; then
  ok "docker run of busybox:1 prints hi"
else
  not_ok "docker run of busybox:1 prints hi"
fi

# A new tag per run, so that the push really signs something new.
new_ref=$TC_TEST_REGISTRY/e2e/test-world:run-$(date +%s)-$$
docker tag "$TC_TEST_REGISTRY/library/busybox:1" "$new_ref"
check "DCT push of a new tag $new_ref succeeds" env DOCKER_CONTENT_TRUST=1 docker push "$new_ref"
new_tag_listed_by_notary() {
  notary --server "$DOCKER_CONTENT_TRUST_SERVER" --trustDir "${DOCKER_CONFIG:-$HOME/.docker}/trust" \
    --tlscacert "$TC_TEST_CA" list "${new_ref%:*}" | awk -v tag="${new_ref##*:}" '$1 == tag { found = 1 } END { exit !found }'
}
new_tag_shown_by_docker_trust() {
  docker trust inspect "$new_ref" | jq -e --arg tag "${new_ref##*:}" '.[0].SignedTags | map(.SignedTag) == [$tag]'
}
check "notary lists the newly signed tag" new_tag_listed_by_notary
check "docker trust inspect shows the newly signed tag" new_tag_shown_by_docker_trust
docker rmi "$new_ref" >/dev/null 2>&1

# --- HTTP answers, with the system trust store only -------------------------------------

check "http://$TC_LOCAL_REGISTRY/v2/ answers 200" test "$(http_status "http://$TC_LOCAL_REGISTRY/v2/")" = 200
check "https://$TC_TEST_REGISTRY/v2/ without a login answers 401" test "$(http_status "https://$TC_TEST_REGISTRY/v2/")" = 401
check "https://$TC_TEST_NOTARY health answers 200" \
  test "$(http_status "https://$TC_TEST_NOTARY/_notary_server/health")" = 200
registry_accepts_test_login() {
  curl --silent --fail --max-time 10 --config - "https://$TC_TEST_REGISTRY/v2/" \
    <<<"user = \"$TC_TEST_REGISTRY_USER:$TC_TEST_REGISTRY_PASSWORD\""
}
check "https://$TC_TEST_REGISTRY/v2/ with the test login answers 200" registry_accepts_test_login

finish
