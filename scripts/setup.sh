#!/usr/bin/env bash
# Installs what ftp-report needs and is missing (tshark, node modules), then builds dist/ if it is not current.
# Used by `npm run demo` and `npm test`; safe to run again. Messages go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

if ! command -v tshark >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "tshark is missing: installing Debian's tshark package with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq tshark >&2
  else
    say "tshark is missing. Install it, then run this again:"
    say "  Debian/Ubuntu: sudo apt-get install tshark    Fedora: sudo dnf install wireshark-cli"
    say "  macOS: brew install wireshark"
    exit 1
  fi
fi

# `setup.sh --tests` (npm test's pretest) also installs what the tests run beside tshark, when root with apt-get:
# a real FTP server and client for the live-capture tests (pyftpdlib for Debian's own python3, curl), the namespace
# tools (iproute2, ethtool), ps, script, man, and jq (the README's examples and the JSON contract's filter run in it).
# Elsewhere it names what is missing; the tests that need root or these tools then fail or skip with a message of
# their own.
if [ "${1:-}" = "--tests" ]; then
  missing=()
  /usr/bin/python3 -c 'import pyftpdlib' >/dev/null 2>&1 || missing+=(python3-pyftpdlib)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v ethtool >/dev/null 2>&1 || missing+=(ethtool)
  command -v ps >/dev/null 2>&1 || missing+=(procps)
  command -v script >/dev/null 2>&1 || missing+=(bsdutils)
  command -v man >/dev/null 2>&1 || missing+=(man-db)
  command -v jq >/dev/null 2>&1 || missing+=(jq)
  command -v editcap >/dev/null 2>&1 || missing+=(wireshark-common)
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      say "installing what the tests use: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq "${missing[@]}" >&2
    else
      say "the tests also use these Debian packages, which are missing: ${missing[*]}"
    fi
  fi
fi

# node_modules is current when npm's own record of it is newer than package-lock.json.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing node modules (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

# Builds dist/ (tsc) unless it is newer than every source already.
node scripts/build.mjs --if-stale >&2
