#!/usr/bin/env bash
# Sets up a fresh machine: the pinned pnpm (through npm; another pnpm would try to switch
# versions and fail), Debian's Chromium and curl for the docs tests, then the frozen lockfile.
set -euo pipefail
cd "$(dirname "$0")/../.."
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
  npm install -g "pnpm@$want"
fi
# Chromium for the docs browser test, curl for the docs samples test.
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/curl ] || missing="$missing curl"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $missing >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq $missing >/dev/null; fi
fi
pnpm install --frozen-lockfile
