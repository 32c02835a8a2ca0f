#!/usr/bin/env bash
# Scale-out benchmark: ingest and sampler throughput with one and with two instances of each service. Starts the whole
# system itself (on free ports, temporary data folder, two ingest and two sampler instances) through the launcher's
# code; the one-instance cases send everything to instance 1. Prints one table line per case (ops/s, images/s,
# p50/p95/p99 latency, errors, count check) and writes the table to bench/out/scale/. Exits 1 when a count is not
# exact or a request failed. Results go in docs/benchmarks.md.
#
#   bench/scale/run.sh [-Dimages=400 -DingestClients=8 -DimageSize=64 -DsamplerClients=16 -Dseconds=20
#                       -DwarmupSeconds=5 -DimagesPerRequest=1 -Depochs=2]
#   SKIP_BUILD=1 bench/scale/run.sh ...    # reuse the packaged services and launcher classes from an earlier run
#   MAVEN_ARGS=-o bench/scale/run.sh       # build offline
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/out/scale
mkdir -p "$OUT"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  # Packages every service (the system runs their quarkus-run.jar) and writes the launcher's test classpath, with the
  # other modules as built here, not as installed in the local repository.
  ./mvnw -B -q -ntp package -DskipTests dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log" >&2; exit 1; }
fi
CP="launcher/target/test-classes:launcher/target/classes:$(cat launcher/target/bench-classpath.txt)"
# The broker runs in this JVM: its INFO lines are left out.
java -Xmx1g -cp "$CP" -Dorg.slf4j.simpleLogger.log.kafka=warn -Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn \
  -Dorg.slf4j.simpleLogger.log.state.change=warn -Dtoonforge.repository="$PWD" -Dout="$OUT" "$@" dev.toonforge.launcher.ScaleBench
