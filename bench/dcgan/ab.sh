#!/usr/bin/env bash
# Measures a change: our DCGAN benchmark on this checkout (B) against another commit (A, e.g. HEAD~1), run
# alternately A, B, A, B... in the same minutes, so that the machine's drift hits both alike (docs/benchmarks.md).
#
# Usage: bench/dcgan/ab.sh <commit> [preset] [rounds]      e.g. bench/dcgan/ab.sh HEAD~1 dcgan-64 3
# Knobs (environment): WARMUP=1 STEPS=5 (dcgan-64) or 2 (seed-128), JAVA_OPTS as in run.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."

COMMIT=${1:?usage: bench/dcgan/ab.sh <commit> [preset] [rounds]}
PRESET=${2:-dcgan-64}
ROUNDS=${3:-3}
OUT=bench/out/dcgan-ab
A_TREE="$OUT/a"
mkdir -p "$OUT"

case "$PRESET" in
  seed-128) STEPS=${STEPS:-2}; OPTS=${JAVA_OPTS:-"-Xmx1g -Dorg.bytedeco.javacpp.maxbytes=3g -Dorg.bytedeco.javacpp.maxphysicalbytes=5g"} ;;
  *) STEPS=${STEPS:-5}; OPTS=${JAVA_OPTS:-"-Xmx256m -Dorg.bytedeco.javacpp.maxbytes=300m -Dorg.bytedeco.javacpp.maxphysicalbytes=900m"} ;;
esac

build() {   # $1: source tree, $2: its classpath file
  (cd "$1" && ./mvnw -B -q -pl dcgan test-compile dependency:build-classpath \
    -Dmdep.outputFile="$2" -Dmdep.includeScope=test) >"$OUT/build.log" 2>&1 \
    || { cat "$OUT/build.log" >&2; exit 1; }
}

rm -rf "$A_TREE"
git worktree prune
git worktree add --detach "$A_TREE" "$COMMIT" >/dev/null
trap 'git worktree remove --force "$A_TREE" >/dev/null 2>&1 || true' EXIT
build "$A_TREE" "$PWD/$OUT/a-classpath.txt"
build . "$PWD/$OUT/b-classpath.txt"

run() {   # $1: label (A or B), $2: tree
  local cp="$2/dcgan/target/test-classes:$2/dcgan/target/classes:$(cat "$OUT/${1,,}-classpath.txt")"
  # shellcheck disable=SC2086
  java $OPTS -cp "$cp" dev.toonforge.dcgan.bench.DcganBenchmark "$PRESET" "${WARMUP:-1}" "$STEPS" 64 2>&1 \
    | grep '^RESULT' | sed "s/^RESULT/RESULT side=$1/"
}

echo "A = $(git rev-parse --short "$COMMIT"), B = this checkout ($(git rev-parse --short HEAD)$(git diff --quiet || echo ', modified')), $PRESET, $(date -u +%H:%MZ)"
for round in $(seq "$ROUNDS"); do
  run A "$A_TREE"
  run B .
done | tee "$OUT/results.txt"
