#!/usr/bin/env sh
# Regenerates generated/sparkplug_b.js (+ .d.ts) from sparkplug_b.proto with protobufjs-cli 1.3 (the
# cli 2.x output needs the protobufjs 8 runtime). Run from anywhere; the output is committed, not built.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
out=src/sparkplug/generated
mkdir -p "$out"
npx --no-install pbjs -t static-module -w es6 --es6 --dependency protobufjs/minimal.js \
  --no-verify --no-convert --no-delimited --no-typeurl --no-service \
  -o "$out/sparkplug_b.js" src/sparkplug/sparkplug_b.proto
# protobufjs/minimal.js is CommonJS: under Node ESM a namespace import has no `roots`/`Reader`
# named exports (cjs-module-lexer cannot see them), so the default import (module.exports) is needed.
sed -i.bak 's#^import \* as \$protobuf from "protobufjs/minimal.js";#import $protobuf from "protobufjs/minimal.js";#' \
  "$out/sparkplug_b.js"
rm -f "$out/sparkplug_b.js.bak"
grep -q '^import \$protobuf from "protobufjs/minimal.js";$' "$out/sparkplug_b.js" || {
  echo "generate.sh: the protobufjs import line was not rewritten; check the pbjs output" >&2
  exit 1
}
npx --no-install pbts -o "$out/sparkplug_b.d.ts" "$out/sparkplug_b.js"
