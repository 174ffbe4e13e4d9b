#!/usr/bin/env bash
# `trust images` on every project of ../shared/peers/awesome-compose: service images must be
# exactly what `docker compose config` says, Dockerfile uses exactly the reviewed golden list,
# and compose v1, where it loads the project, must give the same list.
source "$(dirname "$0")/lib.sh"

golden=$TC_SOURCE_DIR/tests/e2e/golden/awesome-compose.txt
projects=$TC_PEERS_DIR/awesome-compose
[[ -d $projects ]] || { echo "Bail out! $projects is missing"; exit 1; }

# One line per use, with paths relative to the peers' folder.
summarize() {
    jq -r --arg dir "$projects/" '.[] | "\(.service) \(.kind) \(.reference) " +
        ((.file // "-") | ltrimstr($dir)) + ":\(.line // 0)"'
}

actual=$TC_TEST_TMP/actual.txt
: >"$actual"
for dir in "$projects"/*/; do
    name=$(basename "$dir")
    cd "$dir" || continue

    # What compose itself says: services without build, with their image as written.
    expected_images=$(docker compose config --format json 2>/dev/null |
        jq -r '.services | to_entries[] | select(.value.build == null) |
               "\(.key) \(.value.image)"' | sed 's/\$\$/$/g' | sort)
    tc trust images --format json
    if [[ $status -ne 0 ]]; then
        not_ok "$name: trust images failed: $err"
        continue
    fi
    listed_images=$(jq -r '.[] | select(.kind == "image") | "\(.service) \(.written)"' \
        <<<"$out" | sort)
    expect_eq "$name: service images are what compose config says" \
        "$expected_images" "$listed_images"

    v2_uses=$(summarize <<<"$out")
    { echo "# $name"; printf '%s\n' "$v2_uses"; } >>"$actual"

    if docker-compose config >/dev/null 2>&1; then
        tc --compose docker-compose trust images --format json
        expect_eq "$name: compose v1 lists the same uses" "$v2_uses" "$(summarize <<<"$out")"
    else
        tc --compose docker-compose trust images
        expect_eq "$name: a project v1 cannot load is refused with bad-input" 2 "$status"
    fi
done

if [[ ${TC_UPDATE_GOLDEN:-} == 1 ]]; then
    cp "$actual" "$golden"
fi
expect_eq "all projects: the reviewed golden list of uses" "$(cat "$golden")" "$(cat "$actual")"

finish
