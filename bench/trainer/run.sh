#!/usr/bin/env bash
# A run's wall time against its training steps alone, on a small and a large dataset (tiny-32, batch 64): the run goes
# through the trainer's API on a real Kafka and S3 (started by the test resource) with production settings; the steps
# alone are the same number of DCGAN steps on prepared batches. Prints one line per dataset; docs/benchmarks.md keeps them.
#   bench/trainer/run.sh [-Dbench.cases=320x150,3200x15] [-Dbench.batch=64]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/out/trainer
mkdir -p "$OUT"
rm -f "$OUT/wall-vs-steps.txt"
./mvnw -B -o -q -pl trainer-service -am test -Dtest=WallVsStepsBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.out="$PWD/$OUT/wall-vs-steps.txt" "$@"
cat "$OUT/wall-vs-steps.txt"
