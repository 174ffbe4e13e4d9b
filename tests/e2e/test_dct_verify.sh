#!/usr/bin/env bash
# Docker Content Trust verification against the test world's notary server: what our
# verifier says a tag is signed to must be what docker's and notary's own clients say.
source "$(dirname "$0")/lib.sh"
load_test_world

tool=$(notaryv1_tool) || exit 1

# Our trust state (trusted roots, versions seen) is this test's own.
export XDG_CONFIG_HOME=$TC_TEST_TMP/config
server=$DOCKER_CONTENT_TRUST_SERVER
gun=$TC_TEST_REGISTRY/library/busybox

# verify GUN TAG SERVER: runs the driver; sets $out, $err and $status.
verify() {
    "$tool" verify "$@" >"$TC_TEST_TMP/out" 2>"$TC_TEST_TMP/err"
    status=$?
    out=$(cat "$TC_TEST_TMP/out")
    err=$(cat "$TC_TEST_TMP/err")
}

# The digest notary's own client lists for a tag.
notary_digest() {
    notary -s "$server" -d "${DOCKER_CONFIG:-$HOME/.docker}/trust" --tlscacert "$TC_TEST_CA" \
        list "$1" 2>/dev/null | awk -v tag="$2" '$1 == tag { print "sha256:" $2 }'
}

# The digest docker's trust client shows for a tag (Debian's CLI still has `docker trust`).
docker_digest() {
    local docker=/usr/bin/docker
    [[ -x $docker ]] || docker=docker
    "$docker" trust inspect "$1:$2" 2>/dev/null |
        jq -r --arg tag "$2" '.[0].SignedTags[] | select(.SignedTag == $tag) | "sha256:" + .Digest'
}

verify "$gun" 1 "$server"
expect_eq "signed tag: exit 0" 0 "$status"
digest=${out%% *}
expect_eq "signed tag: signed in targets, as docker push signs" targets "${out#* }"
expect_eq "signed tag: the digest notary lists" "$(notary_digest "$gun" 1)" "$digest"
expect_eq "signed tag: the digest docker trust inspect shows" "$(docker_digest "$gun" 1)" "$digest"
[[ -f $XDG_CONFIG_HOME/trusted-compose/notaryv1/$gun/state.json ]] &&
    ok "signed tag: trust state saved" || not_ok "signed tag: trust state saved"

verify "$gun" 1 "$server"
expect_eq "signed tag, again from the saved root: same digest" "$digest" "${out%% *}"

verify "$gun" unsigned "$server"
expect_eq "unsigned tag: untrusted exit code" 5 "$status"
expect_contains "unsigned tag: named" "tag unsigned is not signed" "$err"

verify "$TC_TEST_REGISTRY/tc-e2e/no-trust-$RANDOM$RANDOM" 1 "$server"
expect_eq "repository without trust data: untrusted exit code" 5 "$status"
expect_contains "repository without trust data: said so" "no trust data" "$err"

verify "$gun" 1 https://127.0.0.3:4999
expect_eq "unreachable notary: network exit code" 8 "$status"
expect_contains "unreachable notary: server named" \
    "notary server https://127.0.0.3:4999 unreachable" "$err"

finish
