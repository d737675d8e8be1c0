#!/usr/bin/env bash
# Vendors the web UI's front-end assets from the npm registry into the package.
# Run it (npm ci && bash build.sh) after changing package.json; commit what it writes.
# Nothing is fetched when claimtrace runs: the server serves these files itself.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/swagger-ui-dist ] || npm ci --no-audit --no-fund --ignore-scripts
out=../src/claimtrace/web/static/vendor/swagger-ui
rm -rf "$out" && mkdir -p "$out"
cp node_modules/swagger-ui-dist/{swagger-ui-bundle.js,swagger-ui.css,LICENSE,NOTICE} "$out/"
version=$(node -p "require('./node_modules/swagger-ui-dist/package.json').version")
echo "swagger-ui-dist $version" > "$out/VERSION"
echo "vendored swagger-ui-dist $version into $out"
