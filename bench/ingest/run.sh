#!/usr/bin/env bash
# Ingest benchmark: images/second for the ingest service normalizing, storing (S3) and announcing (Kafka)
# 2,000 500x500 JPEG photos, against Pillow decoding, resizing and PNG-encoding the same files. Run alternately,
# ROUNDS times each, on this machine; prints every round and the ratio of the medians. The service's JPEG fast path decodes
# at 1/2 size in libjpeg-turbo (DCT scaling); each round therefore also times Pillow with the same trick (Image.draft) and
# prints that ratio too. The target (at least 1.0x Pillow, both cores busy) is judged against plain Pillow.
#
#   ./mvnw -B -pl ingest-service -am install -DskipTests   # once: packages the service and local-infra
#   bench/ingest/run.sh                                    # PHOTOS=2000 ROUNDS=3 by default
#   INGEST_JAVA_OPTS='-agentpath:...' bench/ingest/run.sh  # extra JVM options for the service (e.g. a profiler)
#
# The image work alone, without HTTP, S3 or Kafka: bench/ingest/NormalizerOnly.java (command in docs/benchmarks.md).
#
# Needs: Java 17, curl, Debian's python3-pil and python3-numpy (apt-get install -y python3-pil python3-numpy).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PHOTOS="${PHOTOS:-2000}"
ROUNDS="${ROUNDS:-3}"
WORK="${WORK:-/tmp/toonforge-bench-ingest}"
PY="${PYTHON:-/usr/bin/python3}"
KAFKA_PORT="${KAFKA_PORT:-29092}"
S3_PORT="${S3_PORT:-29000}"
HTTP_PORT="${HTTP_PORT:-28081}"
TOKEN="bench-token-0123456789"
BASE="http://127.0.0.1:$HTTP_PORT"

APP="$ROOT/ingest-service/target/quarkus-app/quarkus-run.jar"
INFRA_CP="$ROOT/local-infra/target/classpath.txt"
[[ -f "$APP" && -f "$INFRA_CP" ]] || { echo "Build first: ./mvnw -B -pl ingest-service -am install -DskipTests" >&2; exit 1; }

rm -rf "$WORK" && mkdir -p "$WORK"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "Generating $PHOTOS photos (500x500 JPEG) in $WORK ..."
"$PY" "$ROOT/bench/ingest/make_photos.py" "$WORK" "$PHOTOS"

echo "Starting Kafka and S3 (local-infra) ..."
TOONFORGE_DATA_DIR="$WORK/data" TOONFORGE_KAFKA_PORT=$KAFKA_PORT TOONFORGE_S3_PORT=$S3_PORT \
  java -Xmx768m -cp "$(cat "$INFRA_CP"):$ROOT/local-infra/target/classes" dev.toonforge.infra.LocalInfrastructure \
  > "$WORK/infra.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 120); do grep -q READY "$WORK/infra.log" && break; sleep 1; done
grep -q READY "$WORK/infra.log" || { echo "infrastructure did not start; see $WORK/infra.log" >&2; exit 1; }

echo "Starting the ingest service ..."
TOONFORGE_API_TOKEN=$TOKEN QUARKUS_HTTP_PORT=$HTTP_PORT KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT \
  TOONFORGE_S3_ENDPOINT=http://127.0.0.1:$S3_PORT TOONFORGE_S3_ACCESS_KEY=minioadmin TOONFORGE_S3_SECRET_KEY=minioadmin \
  QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY="$WORK/uploads" \
  java -Xmx1g ${INGEST_JAVA_OPTS:-} -jar "$APP" > "$WORK/ingest.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 120); do curl -fsS "$BASE/q/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "$BASE/q/health/ready" >/dev/null || { echo "ingest service is not ready; see $WORK/ingest.log" >&2; exit 1; }

cpu_seconds() {  # user+system CPU seconds of a process so far
  awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$1/stat" 2>/dev/null || echo 0
}
INFRA_PID=${PIDS[0]}; INGEST_PID=${PIDS[1]}
S3_PID=$(ps -o pid= --ppid "$INFRA_PID" | head -1 | tr -d ' ')

upload_all() {  # $1 = dataset; uploads every zip, two requests at a time; prints images/second
  local dataset=$1 start end
  start=$(date +%s.%N)
  ls "$WORK"/zips/*.zip | xargs -P 2 -I{} curl -sS -o /dev/null -w '%{http_code}\n' \
      -H "Authorization: Bearer $TOKEN" -F "files=@{}" "$BASE/api/datasets/$dataset/images" > "$WORK/codes.txt"
  end=$(date +%s.%N)
  if grep -vq '^200$' "$WORK/codes.txt"; then echo "an upload failed: $(sort "$WORK/codes.txt" | uniq -c)" >&2; exit 1; fi
  local count
  count=$(curl -fsS "$BASE/api/datasets/$dataset" | sed -E 's/.*"imageCount":([0-9]+).*/\1/')
  [[ "$count" == "$PHOTOS" ]] || { echo "dataset $dataset has $count images, expected $PHOTOS" >&2; exit 1; }
  echo "$PHOTOS $start $end" | awk '{printf "%.1f\n", $1 / ($3 - $2)}'
}

echo "Warming up the service (one untimed pass) ..."
upload_all "bench-warmup" > /dev/null

java_rates=(); pillow_rates=(); draft_rates=()
for round in $(seq "$ROUNDS"); do
  c0=("$(cpu_seconds "$INGEST_PID")" "$(cpu_seconds "$INFRA_PID")" "$(cpu_seconds "$S3_PID")")
  j=$(upload_all "bench-$round-$RANDOM")
  c1=("$(cpu_seconds "$INGEST_PID")" "$(cpu_seconds "$INFRA_PID")" "$(cpu_seconds "$S3_PID")")
  echo "round $round CPU seconds: ingest service $(awk -v a="${c0[0]}" -v b="${c1[0]}" 'BEGIN {print b - a}'), Kafka (in the infra JVM) $(awk -v a="${c0[1]}" -v b="${c1[1]}" 'BEGIN {print b - a}'), S3 server $(awk -v a="${c0[2]}" -v b="${c1[2]}" 'BEGIN {print b - a}')"
  p=$("$PY" "$ROOT/bench/ingest/pillow_normalize.py" "$WORK/photos" 2)
  d=$("$PY" "$ROOT/bench/ingest/pillow_normalize.py" "$WORK/photos" 2 draft)
  java_rates+=("$j"); pillow_rates+=("$p"); draft_rates+=("$d")
  echo "round $round: ingest service $j images/s (normalize + S3 + Kafka, 2 concurrent uploads); Pillow $p images/s (2 processes); Pillow with draft() $d images/s"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
jm=$(median "${java_rates[@]}"); pm=$(median "${pillow_rates[@]}"); dm=$(median "${draft_rates[@]}")
echo "median: ingest service $jm images/s, Pillow $pm images/s, ratio $(awk -v j="$jm" -v p="$pm" 'BEGIN {printf "%.2f", j / p}')x Pillow (the target)"
echo "median: Pillow with draft() $dm images/s, ratio $(awk -v j="$jm" -v p="$dm" 'BEGIN {printf "%.2f", j / p}')x Pillow-with-draft"
echo "JPEG decoding in the service: $(grep -o 'JPEG decoding: .*' "$WORK/ingest.log" | head -1)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), Pillow $("$PY" -c 'import PIL; print(PIL.__version__)'), $(date -u +%Y-%m-%dT%H:%MZ)"
