#!/usr/bin/env bash
# sampler-service under load: p50/p99 latency of image.png at 1 and 16 concurrent clients, images/s of
# grid.png?count=64, and the bare generator forward pass at batch 1 and 64 in DL4J and in a PyTorch twin.
# Starts its own Kafka and S3 (local-infra, free loopback ports) and the packaged service; leaves nothing running.
#
# Usage: bench/sampler/run.sh            (from anywhere; needs python3-torch and libopenblas0-openmp from Debian)
# Knobs (environment): SECONDS_PER_RUN=60 PRESET=tiny-32 SERVICE_OPTS="-Xmx1g ..."
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=bench/out/sampler
mkdir -p "$OUT"
PYTHON=${PYTHON:-/usr/bin/python3}
PRESET=${PRESET:-tiny-32}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}
SERVICE_OPTS=${SERVICE_OPTS:-"-Xmx1g -Dorg.bytedeco.javacpp.maxbytes=3g -Dorg.bytedeco.javacpp.maxphysicalbytes=5g"}
JAR=sampler-service/target/quarkus-app/quarkus-run.jar

if [ ! -f "$JAR" ]; then
  ./mvnw -B -q -pl sampler-service -am install -DskipTests >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
fi
./mvnw -B -q -o -pl sampler-service dependency:build-classpath \
  -Dmdep.outputFile="$PWD/$OUT/classpath.txt" -Dmdep.includeScope=test >"$OUT/classpath.log" 2>&1 \
  || { cat "$OUT/classpath.log" >&2; exit 1; }

echo "date: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average$(uptime | sed "s/.*load average//"), $(java -version 2>&1 | head -1), preset $PRESET, ${SECONDS_PER_RUN} s per run"
# shellcheck disable=SC2086
java -Xmx1g -Dorg.bytedeco.javacpp.maxbytes=3g -Dbench.serviceLog="$OUT/service.log" \
  -cp "$(cat "$OUT/classpath.txt")" bench/sampler/SamplerBench.java "$JAR" "$PRESET" "$SECONDS_PER_RUN" $SERVICE_OPTS \
  2>"$OUT/bench.log" | tee "$OUT/results.txt"

if "$PYTHON" -c 'import torch' 2>/dev/null; then
  "$PYTHON" bench/sampler/torch_generator.py "$PRESET" "$(( SECONDS_PER_RUN < 20 ? SECONDS_PER_RUN : 20 ))" | tee -a "$OUT/results.txt"
else
  echo "PyTorch missing (apt-get install -y python3-torch libopenblas0-openmp): no reference figures" >&2
fi
