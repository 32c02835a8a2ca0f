#!/usr/bin/env bash
# Reliability load script: 5 concurrent uploads of 500 images into one dataset (exact counts, one event per
# image), then the sampler under 16 clients for 60 s (errors, latency percentiles). Starts the whole system itself on
# free ports with a temporary data folder, through the launcher's code. Results go in docs/benchmarks.md.
#   bench/load/run.sh [-Duploads=5 -Dimages=500 -Dclients=16 -Dseconds=60]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -ntp install -DskipTests
./mvnw -B -q -ntp -pl launcher exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.toonforge.launcher.LoadBench \
  -Dtoonforge.repository="$PWD" "$@"
