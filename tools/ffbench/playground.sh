#!/usr/bin/env bash
# playground.sh: time TensorFlow Playground's nn.ts on core/ff's benchmark
# shapes (tools/ffbench/harness.mjs), printing "nn.ts <shape> <µs/epoch> <loss>"
# lines. Playground's code is never copied into this repository: nn.ts is
# compiled with tsc into a temporary folder and removed afterwards.
#
#   PLAYGROUND=<dir>   a Playground checkout (src/nn.ts), a folder holding
#                      nn.ts, or a bare git repository of Playground (read at
#                      the pinned commit). Default: a clone at the pinned
#                      commit in ~/.cache/diffstruct/playground, made if missing.
#   TSC=<tsc>          the TypeScript compiler. Default: tsc on PATH, else
#                      typescript installed with npm into ~/.cache/diffstruct/tsc.
#
# Extra arguments go to the harness (-ms, -rounds, -warm). Exit status 3
# means the peer could not be obtained (the message says why).
set -euo pipefail

PIN=02469bd3751764b20486015d4202b792af5362a6 # Playground's master, June 2022
TS_VERSION=5.9.3
here=$(cd "$(dirname "$0")" && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/diffstruct

unavailable() {
	echo "playground.sh: nn.ts unavailable: $*" >&2
	exit 3
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ffbench-playground.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

src=${PLAYGROUND:-}
if [ -z "$src" ]; then
	src=$cache/playground
	if [ ! -f "$src/src/nn.ts" ]; then
		rm -rf "$src.part"
		mkdir -p "$cache"
		git clone --quiet https://github.com/tensorflow/playground "$src.part" >&2 &&
			git -C "$src.part" checkout --quiet "$PIN" >&2 &&
			mv "$src.part" "$src" ||
			{ rm -rf "$src.part"; unavailable "could not clone Playground (offline?); set PLAYGROUND=<dir with src/nn.ts>"; }
	fi
fi
if [ -f "$src/src/nn.ts" ]; then
	cp "$src/src/nn.ts" "$tmp/nn.ts"
elif [ -f "$src/nn.ts" ]; then
	cp "$src/nn.ts" "$tmp/nn.ts"
elif git --git-dir="$src" rev-parse --quiet --verify "$PIN^{commit}" >/dev/null 2>&1; then
	git --git-dir="$src" show "$PIN:src/nn.ts" >"$tmp/nn.ts" || unavailable "no src/nn.ts at $PIN in $src"
else
	unavailable "no nn.ts in PLAYGROUND=$src (want src/nn.ts, nn.ts, or a git repository holding commit $PIN)"
fi

tsc=${TSC:-}
if [ -z "$tsc" ]; then
	if command -v tsc >/dev/null 2>&1; then
		tsc=tsc
	else
		tsc=$cache/tsc/node_modules/.bin/tsc
		if [ ! -x "$tsc" ]; then
			mkdir -p "$cache/tsc"
			npm install --prefix "$cache/tsc" --no-audit --no-fund --silent "typescript@$TS_VERSION" >&2 ||
				unavailable "could not install typescript with npm; set TSC=<tsc>"
		fi
	fi
fi
command -v node >/dev/null 2>&1 || unavailable "node is not on PATH"

"$tsc" --target es2017 --module commonjs --outDir "$tmp/js" "$tmp/nn.ts" >&2 ||
	unavailable "tsc failed on nn.ts"
node "$here/harness.mjs" "$tmp/js/nn.js" "$@"
