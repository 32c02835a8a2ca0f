#!/usr/bin/env bash
# A run's wall time against its training steps alone, on a small and a large dataset (tiny-32, batch 64), laid out as
# ./toonforge up lays it out: the packaged trainer in its own JVM, a real Kafka broker and S3 server started by the
# bench (the broker in the bench's JVM, with the compiler option the launcher's JVM has); the steps alone are the same
# number of DCGAN steps on prepared batches, in a fresh JVM and once it is warm. Each dataset runs three times, loops
# and runs in turn (loop, run, loop, run, loop, run, loop), each run against the loops beside it.
# Prints one line per run (with where the training thread's time went and the core-seconds the trainer, the broker and
# S3 server, and each fresh loop used) and the median ratio per dataset; docs/benchmarks.md keeps them. The trainer's
# log is in bench/out/trainer/logs.
#   bench/trainer/run.sh [-Dbench.cases=192x667,3200x40] [-Dbench.batch=64] [-Dbench.repeats=3]
#     [-Dbench.trainerEnv="NAME=value ..."] [-Dbench.trainerJvm="-XX:..."]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/out/trainer
mkdir -p "$OUT"
rm -rf "$OUT/wall-vs-steps.txt" "$OUT/logs"
./mvnw -B -o -q -pl trainer-service -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=WallVsStepsBench -Dfailsafe.failIfNoSpecifiedTests=false -DargLine=-XX:TieredStopAtLevel=1 \
  -Dbench.out="$PWD/$OUT/wall-vs-steps.txt" -Dbench.logs="$PWD/$OUT/logs" "$@"
cat "$OUT/wall-vs-steps.txt"
