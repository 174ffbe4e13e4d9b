#!/usr/bin/env bash
# `trust images` on the bundled example and on small projects that exercise what compose
# itself resolves (overrides, extends, include, profiles, .env), with compose v2 and v1.
source "$(dirname "$0")/lib.sh"

# One line per use: service kind reference place, paths relative to the project.
summarize() {
    jq -r --arg dir "$1/" '.[] | "\(.service) \(.kind) \(.reference) " +
        ((.file // "-") | ltrimstr($dir)) + ":\(.line // 0)"'
}

example_uses="app from registry.test/library/busybox:1 app/Dockerfile:6
app from registry.test/library/busybox:1 app/Dockerfile:9
web image registry.test/library/busybox:1 compose.yaml:6"

cd "$TC_EXAMPLES"
tc trust images --format json
expect_eq "example: exit 0" 0 "$status"
expect_eq "example: every use, with file and line (v2)" "$example_uses" \
    "$(summarize "$TC_EXAMPLES" <<<"$out")"

tc --compose docker-compose trust images --format json
expect_eq "example: the same uses with compose v1" "$example_uses" \
    "$(summarize "$TC_EXAMPLES" <<<"$out")"

tc trust images
expect_contains "example: table has a header" "SERVICE  KIND   REFERENCE" "$out"
expect_contains "example: table row" "web      image  registry.test/library/busybox:1  compose.yaml:6" "$out"

tc trust images --format json web
expect_eq "example: services can be selected" \
    "web image registry.test/library/busybox:1 compose.yaml:6" \
    "$(summarize "$TC_EXAMPLES" <<<"$out")"

tc trust images nosuchservice
expect_eq "unknown service: bad-input exit code" 2 "$status"
expect_contains "unknown service: named" "no such service: nosuchservice" "$err"

# A project whose images only compose's own loader can find.
project=$TC_TEST_TMP/project
mkdir -p "$project/inc" "$project/tools"
cat >"$project/compose.yaml" <<'YAML'
include:
  - inc/included.yaml
services:
  base:
    image: ${BASE_IMAGE:-busybox:1.36}
  extended:
    extends:
      file: common.yaml
      service: common
  debug:
    image: debugger:2
    profiles: [debug]
  config:
    image: redis:7.2
  tools:
    build:
      context: tools
      args:
        TOOL: tool:3
YAML
cat >"$project/compose.override.yaml" <<'YAML'
services:
  config:
    image: redis:7.4
YAML
cat >"$project/common.yaml" <<'YAML'
services:
  common:
    image: quay.io/common/app:5
YAML
cat >"$project/inc/included.yaml" <<'YAML'
services:
  included:
    image: ghcr.io/included/svc@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
YAML
cat >"$project/tools/Dockerfile" <<'DOCKERFILE'
# syntax=docker/dockerfile:1.7
ARG TOOL=wrong:0
FROM ${TOOL} AS tool
FROM alpine:3.20
COPY --from=tool /t /t
COPY --from=helper:9 /h /h
RUN --mount=type=cache,from=cacher:1,target=/c true
DOCKERFILE
echo 'BASE_IMAGE=busybox:1.37' >"$project/.env"

cd "$project"
tc trust images --format json
expect_eq "project: exit 0" 0 "$status"
expect_eq "project: overrides, extends, include, .env and Dockerfile uses" \
"base image docker.io/library/busybox:1.37 compose.yaml:5
config image docker.io/library/redis:7.4 compose.override.yaml:3
extended image quay.io/common/app:5 -:0
included image ghcr.io/included/svc@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef -:0
tools syntax docker.io/docker/dockerfile:1.7 tools/Dockerfile:1
tools from docker.io/library/tool:3 tools/Dockerfile:3
tools from docker.io/library/alpine:3.20 tools/Dockerfile:4
tools copy-from docker.io/library/helper:9 tools/Dockerfile:6
tools mount-from docker.io/library/cacher:1 tools/Dockerfile:7" \
    "$(summarize "$project" <<<"$out")"

tc --profile debug trust images --format json debug
expect_eq "project: a profile brings its service in" \
    "debug image docker.io/library/debugger:2 compose.yaml:11" \
    "$(summarize "$project" <<<"$out")"

tc trust images --format json config
expect_eq "project: a service named config works" \
    "config image docker.io/library/redis:7.4 compose.override.yaml:3" \
    "$(summarize "$project" <<<"$out")"

BASE_IMAGE=busybox:9 tc trust images --format json base
expect_eq "project: the OS environment beats .env, as in compose" \
    "base image docker.io/library/busybox:9 compose.yaml:5" \
    "$(summarize "$project" <<<"$out")"

tc -f compose.yaml -f compose.override.yaml -p other trust images --format json config
expect_eq "project: global flags reach compose" \
    "config image docker.io/library/redis:7.4 compose.override.yaml:3" \
    "$(summarize "$project" <<<"$out")"

# The model cache: a compose that counts its runs.
calls=$TC_TEST_TMP/compose-calls
cat >"$TC_TEST_TMP/counting-compose" <<SH
#!/bin/sh
echo run >>"$calls"
exec docker compose "\$@"
SH
chmod +x "$TC_TEST_TMP/counting-compose"
tc --compose "$TC_TEST_TMP/counting-compose" trust images --format json
first=$out
tc --compose "$TC_TEST_TMP/counting-compose" trust images --format json
expect_eq "cache: the same answer the second time" "$first" "$out"
# One `version` probe per run, and a single `config` for both runs.
expect_eq "cache: unchanged project costs no second compose config" 3 "$(wc -l <"$calls")"
echo '# touched' >>"$project/common.yaml"
tc --compose "$TC_TEST_TMP/counting-compose" trust images --format json
expect_eq "cache: a changed extended file runs compose again" 5 "$(wc -l <"$calls")"

# Bad input: compose's own error, our exit code.
broken=$TC_TEST_TMP/broken
mkdir -p "$broken"
printf 'services:\n  web:\n    image: [unclosed\n' >"$broken/compose.yaml"
cd "$broken"
tc trust images
expect_eq "broken compose file: bad-input exit code" 2 "$status"
expect_contains "broken compose file: compose's message is shown" "compose could not load" "$err"
compose_v2 config
expect_contains "broken compose file: the message is compose's own" "$(head -1 <<<"$err")" \
    "$(cd "$broken" && "$TC_BINARY" trust images 2>&1)"

printf 'services:\n  app:\n    build: ./missing\n' >"$broken/compose.yaml"
mkdir -p "$broken/missing"
tc trust images
expect_eq "missing Dockerfile: bad-input exit code" 2 "$status"
expect_contains "missing Dockerfile: names service and file" "service app: failed to read $broken/missing/Dockerfile" "$err"

printf 'services:\n  app:\n    build: .\n' >"$broken/compose.yaml"
printf 'FROM busybox\nFROM ${EMPTY}\n' >"$broken/Dockerfile"
tc trust images
expect_eq "empty FROM: bad-input exit code" 2 "$status"
expect_contains "empty FROM: names the Dockerfile line" "$broken/Dockerfile:2" "$err"

printf 'services:\n  app:\n    image: Busybox:1\n' >"$broken/compose.yaml"
tc --compose docker-compose trust images
expect_eq "uppercase image (v1): bad-input exit code" 2 "$status"

finish
