#!/usr/bin/env bash
# Packs LossLab and installs the tarball into build/consumer, as a user would, then copies
# the JS tests and the TypeScript check there. Used by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build/pack build/consumer
mkdir -p build/pack build/consumer/test
# dist/ is already built by scripts/test.sh; --ignore-scripts skips the rebuild in prepack.
tarball=$(npm pack --ignore-scripts --silent --pack-destination build/pack | tail -1)
echo "packed build/pack/$tarball"
cd build/consumer
cat > package.json <<'JSON'
{ "name": "losslab-consumer", "private": true, "type": "module" }
JSON
npm install --no-audit --no-fund --loglevel=error "../pack/$tarball"
cp ../../tests/js/*.test.mjs ../../tests/js/*.test.cjs test/ 2>/dev/null || true
cp ../../tests/js/types-check.ts .
cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "es2022",
    "module": "nodenext", "moduleResolution": "nodenext", "skipLibCheck": false,
    "types": []
  },
  "files": ["types-check.ts"]
}
JSON
echo "installed losslab into build/consumer"
