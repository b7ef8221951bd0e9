#!/usr/bin/env bash
# The main job in one command: build the UI, make sure a model pack is installed (the default pack
# when online, the bundled-for-tests tiny pack from ../shared when offline), index the sample
# photos and documents, and serve the app on 127.0.0.1 (open the printed link).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${GLIMPSE_DATA_DIR:-$PWD/.glimpse-data}"
export GLIMPSE_DATA_DIR="$DATA"
npm run -s build:renderer
if ! node bin/glimpse.mjs models list --json | grep -q '"inUse":true'; then
  node bin/glimpse.mjs models install ViT-B-32__laion2b-s34b-b79k 2>/dev/null \
    || node bin/glimpse.mjs models import ../shared/fixtures/tiny-clip-immich
fi
for d in ../shared/eval/coco2017-mini80 ../shared/eval/recipes-based-cooking ../shared/eval/documents; do
  [ -d "$d" ] && node bin/glimpse.mjs index "$d"
done
node bin/glimpse.mjs status
exec node bin/glimpse.mjs serve --port "${PORT:-7420}"
