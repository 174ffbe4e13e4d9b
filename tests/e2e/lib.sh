# Shared helpers of the end-to-end tests; each test_*.sh sources this file.
# The tests drive the real binary against the real compose and the local test world.
set -uo pipefail

TC_SOURCE_DIR=${TC_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
TC_BINARY=${TC_BINARY:-$TC_SOURCE_DIR/build/src/trusted-compose}
TC_PEERS_DIR=${TC_PEERS_DIR:-$TC_SOURCE_DIR/../shared/peers}
# Canonical paths, so that paths compose prints can be shown relative to them.
TC_PEERS_DIR=$(realpath -m "$TC_PEERS_DIR")
TC_SOURCE_DIR=$(realpath -m "$TC_SOURCE_DIR")
TC_EXAMPLES=$TC_SOURCE_DIR/examples

# Each test gets its own cache, so no test sees another's cached models.
TC_TEST_TMP=$(mktemp -d /tmp/tc-e2e.XXXXXX)
export XDG_CACHE_HOME=$TC_TEST_TMP/cache
trap 'rm -rf "$TC_TEST_TMP"' EXIT

passed=0
failed=0

ok() {
    passed=$((passed + 1))
    echo "ok - $*"
}

not_ok() {
    failed=$((failed + 1))
    echo "not ok - $*"
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
    if [[ "$2" == "$3" ]]; then
        ok "$1"
    else
        not_ok "$1"
        diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | sed 's/^/#   /' | head -40
    fi
}

# expect_contains WHAT NEEDLE HAYSTACK
expect_contains() {
    if [[ "$3" == *"$2"* ]]; then
        ok "$1"
    else
        not_ok "$1"
        echo "#   expected to find: $2"
        printf '%s\n' "$3" | sed 's/^/#   got: /' | head -20
    fi
}

# tc ARGS...: runs trusted-compose; sets $out, $err and $status.
tc() {
    local out_file=$TC_TEST_TMP/out err_file=$TC_TEST_TMP/err
    "$TC_BINARY" "$@" >"$out_file" 2>"$err_file"
    status=$?
    out=$(cat "$out_file")
    err=$(cat "$err_file")
}

# compose_v2 ARGS...: the real compose v2, with the same capture as tc.
compose_v2() {
    local out_file=$TC_TEST_TMP/out err_file=$TC_TEST_TMP/err
    docker compose "$@" >"$out_file" 2>"$err_file"
    status=$?
    out=$(cat "$out_file")
    err=$(cat "$err_file")
}

# The test world's variables (registry, notary, passphrases), when it is up.
load_test_world() {
    local world_env
    if ! world_env=$("$TC_SOURCE_DIR/scripts/test-env" env); then
        echo "Bail out! the test world is not up: run scripts/test-env up"
        exit 1
    fi
    eval "$world_env"
}

# The notary v1 test driver, built beside the unit tests (never installed); bails out if
# it is not built.
notaryv1_tool() {
    local build_dir=${TC_BUILD_DIR:-}
    if [[ -z $build_dir && -x $TC_BINARY ]]; then
        build_dir=$(dirname "$(dirname "$TC_BINARY")")
    fi
    local tool=${build_dir:-$TC_SOURCE_DIR/build}/tests/unit/trust/notaryv1_tool
    if [[ ! -x $tool ]]; then
        echo "Bail out! $tool is not built (ninja notaryv1_tool)" >&2
        exit 1
    fi
    echo "$tool"
}

# Prints the plain summary line and exits non-zero on any failure.
finish() {
    echo "$passed passed, $failed failed"
    [[ $failed -eq 0 ]]
}
