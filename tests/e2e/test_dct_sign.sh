#!/usr/bin/env bash
# Docker Content Trust signing with our signer against the test world's notary server: what
# we publish must satisfy docker's own DCT pull, notary's client and our verifier, and our
# key files must be docker's kind (one encrypted root key, reused).
source "$(dirname "$0")/lib.sh"
load_test_world

tool=$(notaryv1_tool) || exit 1

# A docker config of our own: the login and the notary CA of the real one, but no trust
# keys or TUF cache, so every key and every trusted root here is this test's.
export DOCKER_CONFIG=$TC_TEST_TMP/docker
mkdir -p "$DOCKER_CONFIG"
cp "$HOME/.docker/config.json" "$DOCKER_CONFIG/"
[[ -d $HOME/.docker/tls ]] && cp -r "$HOME/.docker/tls" "$DOCKER_CONFIG/"
export XDG_CONFIG_HOME=$TC_TEST_TMP/config
server=$DOCKER_CONTENT_TRUST_SERVER
private=$DOCKER_CONFIG/trust/private
signing_docker=/usr/bin/docker
[[ -x $signing_docker ]] || signing_docker=docker

# run TOOL-ARGS...: runs the driver; sets $out, $err and $status.
run() {
    "$tool" "$@" >"$TC_TEST_TMP/out" 2>"$TC_TEST_TMP/err"
    status=$?
    out=$(cat "$TC_TEST_TMP/out")
    err=$(cat "$TC_TEST_TMP/err")
}

# push_plain SOURCE TARGET: pushes an image without content trust.
push_plain() {
    docker tag "$1" "$2" && DOCKER_CONTENT_TRUST=0 docker push --quiet "$2" >/dev/null
}

# manifest_of REPO TAG: sets $digest and $length of the manifest the registry serves.
manifest_of() {
    local file=$TC_TEST_TMP/manifest
    curl --silent --fail --user "$TC_TEST_REGISTRY_USER:$TC_TEST_REGISTRY_PASSWORD" \
        --header 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
        --output "$file" "https://$TC_TEST_REGISTRY/v2/${1#"$TC_TEST_REGISTRY"/}/manifests/$2"
    digest=sha256:$(sha256sum "$file" | cut -d' ' -f1)
    length=$(stat -c %s "$file")
}

# notary_list GUN: "tag digest" lines as notary's client lists them.
notary_list() {
    notary -s "$server" -d "$DOCKER_CONFIG/trust" --tlscacert "$TC_TEST_CA" list "$1" 2>/dev/null |
        awk 'NR > 2 { print $1 " sha256:" $2 }' | sort
}

root_key_files() {
    grep -l '^role: root$' "$private"/*.key 2>/dev/null
}

gun=$TC_TEST_REGISTRY/tc-e2e/sign-$RANDOM$RANDOM
push_plain "$TC_TEST_REGISTRY/library/busybox:1" "$gun:1"
manifest_of "$gun" 1
first_digest=$digest

run sign "$gun" 1 "$digest" "$length" "$server"
expect_eq "new repository: sign exit 0" 0 "$status"
[[ $status -eq 0 ]] || printf '#   %s\n' "$err"
expect_eq "new repository: signed into targets" "$digest targets" "$(cut -d' ' -f1,2 <<<"$out")"
root_id=$(cut -d' ' -f3 <<<"$out")

expect_eq "new repository: notary lists the tag with our digest" "1 $digest" "$(notary_list "$gun")"
run verify "$gun" 1 "$server"
expect_eq "new repository: our verifier agrees" "$digest targets" "$out"

DOCKER_CONTENT_TRUST=1 "$signing_docker" pull "$gun:1" >"$TC_TEST_TMP/pull" 2>&1
expect_eq "new repository: docker's DCT pull verifies it" 0 "$?"
expect_contains "new repository: docker pulled our digest" "$gun:1@$digest" \
    "$(cat "$TC_TEST_TMP/pull")"

# Keys: docker's layout, encrypted, one root key.
expect_eq "keys: one root key file, named by its key id" "$private/$root_id.key" "$(root_key_files)"
if grep -q -- '-----BEGIN ENCRYPTED PRIVATE KEY-----' "$private/$root_id.key" &&
    ! grep -q -- '-----BEGIN PRIVATE KEY-----' "$private"/*.key; then
    ok "keys: encrypted PKCS#8"
else
    not_ok "keys: encrypted PKCS#8"
fi
expect_eq "keys: targets key carries role and gun headers" 1 \
    "$(grep -l "^gun: $gun\$" "$private"/*.key | xargs grep -l '^role: targets$' | wc -l)"
expect_eq "keys: owner-only permissions" 600 "$(stat -c %a "$private/$root_id.key")"

# A second tag with other content: the existing-repository path (verify, add, re-sign).
push_plain "$TC_TEST_REGISTRY/library/busybox:unsigned" "$gun:2"
manifest_of "$gun" 2
run sign "$gun" 2 "$digest" "$length" "$server"
expect_eq "second tag: sign exit 0" 0 "$status"
[[ $status -eq 0 ]] || printf '#   %s\n' "$err"
expect_eq "second tag: notary lists both tags" "$(printf '1 %s\n2 %s' "$first_digest" "$digest")" \
    "$(notary_list "$gun")"
run verify "$gun" 1 "$server"
expect_eq "second tag: the first tag still verifies" "$first_digest targets" "$out"
DOCKER_CONTENT_TRUST=1 "$signing_docker" pull "$gun:2" >"$TC_TEST_TMP/pull" 2>&1
expect_eq "second tag: docker's DCT pull verifies it" 0 "$?"

# A signer delegation made by docker (it reads our targets key to add it): docker adds
# targets/alice and targets/releases; we must then sign into targets/releases.
(cd "$TC_TEST_TMP" && "$signing_docker" trust key generate alice --dir "$TC_TEST_TMP") \
    >"$TC_TEST_TMP/delegation" 2>&1 &&
    "$signing_docker" trust signer add --key "$TC_TEST_TMP/alice.pub" alice "$gun" \
        >>"$TC_TEST_TMP/delegation" 2>&1
expect_eq "delegation: docker trust signer add works on our repository" 0 "$?"
run sign "$gun" 3 "$first_digest" 528 "$server"
expect_eq "delegation: signed into targets/releases" "$first_digest targets/releases" \
    "$(cut -d' ' -f1,2 <<<"$out")"
expect_contains "delegation: notary lists it under targets/releases" \
    "3 $first_digest" "$(notary_list "$gun")"
DOCKER_CONTENT_TRUST=1 "$signing_docker" pull "$gun:3" >"$TC_TEST_TMP/pull" 2>&1
expect_eq "delegation: docker's DCT pull verifies it" 0 "$?"

alice_key=$(grep -l '^role: alice$' "$private"/*.key)
mv "$alice_key" "$TC_TEST_TMP/alice.key"
run sign "$gun" 4 "$first_digest" 528 "$server"
expect_eq "delegation key not held: bad-input exit code" 2 "$status"
expect_contains "delegation key not held: refused, naming the role" \
    "cannot sign targets/releases of $gun" "$err"
mv "$TC_TEST_TMP/alice.key" "$alice_key"

# Another repository reuses the root key, as docker does.
other=$TC_TEST_REGISTRY/tc-e2e/sign-$RANDOM$RANDOM
push_plain "$TC_TEST_REGISTRY/library/busybox:1" "$other:1"
run sign "$other" 1 "$first_digest" 528 "$server"
expect_eq "second repository: same root key" "$root_id" "$(cut -d' ' -f3 <<<"$out")"
expect_eq "second repository: still one root key file" "$private/$root_id.key" "$(root_key_files)"

# Docker's own signer reads our root key (it would make a new one if it could not).
third=$TC_TEST_REGISTRY/tc-e2e/sign-$RANDOM$RANDOM
docker tag "$TC_TEST_REGISTRY/library/busybox:1" "$third:1"
DOCKER_CONTENT_TRUST=1 "$signing_docker" push "$third:1" >"$TC_TEST_TMP/push" 2>&1
expect_eq "docker push with DCT: signs with our root key" "0 $private/$root_id.key" \
    "$? $(root_key_files)"

# Refusals: a bad digest, and a repository (without delegations) whose targets key we do
# not hold.
run sign "$gun" 3 sha256:nothex 10 "$server"
expect_eq "bad digest: bad-input exit code" 2 "$status"
expect_contains "bad digest: named" "invalid manifest digest 'sha256:nothex'" "$err"
mv "$private" "$private.away"
mkdir -p "$private"
cp "$private.away/$root_id.key" "$private/"
run sign "$other" 2 "$first_digest" 528 "$server"
expect_eq "targets key not held: refused" 2 "$status"
expect_contains "targets key not held: says which key" "cannot sign targets of $other" "$err"
rm -rf "$private" && mv "$private.away" "$private"

finish
