# shellcheck shell=bash source-path=SCRIPTDIR/..
# Helpers shared by scripts/setup and scripts/test-env. Source it; it defines functions and
# TC_SCRIPTS_DIR / TC_REPO_DIR, nothing else.

# shellcheck disable=SC2034  # used by the scripts that source this file
TC_SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck disable=SC2034
TC_REPO_DIR=$(cd "$TC_SCRIPTS_DIR/.." && pwd)

# Messages go to stderr so that commands whose stdout is data (test-env env) stay clean.
log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }

require_root() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (it installs packages, edits /etc/hosts and trust stores)"
}

# The pinned versions, as shell variables.
load_versions() {
  # shellcheck source=versions.env
  source "$TC_SCRIPTS_DIR/versions.env"
}
