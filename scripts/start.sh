#!/usr/bin/env bash
# npm start: set-up, build the package and the page, serve the playground.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh package
exec node scripts/serve.mjs
