#!/usr/bin/env bash
# DCGAN training and generation speed: ours (DL4J, dev.toonforge.dcgan) against a PyTorch twin of the same networks
# and step, run alternately on this machine. Prints the ratio ours/PyTorch for every figure; the last line is
#   dcgan-64 train ratio=<x> rss_ratio=<y>
#
# Usage: bench/dcgan/run.sh            (from anywhere; needs python3-torch and libopenblas0-openmp from Debian)
# Knobs (environment): DCGAN64_WARMUP=1 DCGAN64_STEPS=3 SEED128_WARMUP=1 SEED128_STEPS=1 SEED128_BATCH=64 ROUNDS=1
#                       PRESETS="dcgan-64 seed-128" JAVA_OPTS=... (JVM flags for every preset)
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=bench/out/dcgan
mkdir -p "$OUT"
PYTHON=${PYTHON:-/usr/bin/python3}
PRESETS=${PRESETS:-"dcgan-64 seed-128"}
ROUNDS=${ROUNDS:-1}
# A JVM frees ND4J's off-heap arrays when the GC runs, so its peak RSS follows these limits (JavaCPP runs the GC
# when the process's resident set reaches maxphysicalbytes). Per preset: the smallest limits we found that do not slow
# training (docs/benchmarks.md). JAVA_OPTS overrides both.
java_opts_for() {
  if [[ -n "${JAVA_OPTS:-}" ]]; then echo "$JAVA_OPTS"; return; fi
  case "$1" in
    seed-128) echo "-Xmx1g -Dorg.bytedeco.javacpp.maxbytes=3g -Dorg.bytedeco.javacpp.maxphysicalbytes=5g" ;;
    *) echo "-Xmx256m -Dorg.bytedeco.javacpp.maxbytes=300m -Dorg.bytedeco.javacpp.maxphysicalbytes=900m" ;;
  esac
}

if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "PyTorch missing: apt-get install -y python3-torch libopenblas0-openmp" >&2
  exit 1
fi

./mvnw -B -q -pl dcgan test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/$OUT/classpath.txt" -Dmdep.includeScope=test >"$OUT/build.log" 2>&1 \
  || { cat "$OUT/build.log" >&2; exit 1; }
CP="dcgan/target/test-classes:dcgan/target/classes:$(cat "$OUT/classpath.txt")"

steps_for() {
  case "$1" in
    seed-128) echo "${SEED128_WARMUP:-1} ${SEED128_STEPS:-1} ${SEED128_BATCH:-64}" ;;
    *) echo "${DCGAN64_WARMUP:-1} ${DCGAN64_STEPS:-3} 64" ;;
  esac
}

RESULTS="$OUT/results.txt"
: >"$RESULTS"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, java $(java -version 2>&1 | head -1)"
for round in $(seq "$ROUNDS"); do
  for preset in $PRESETS; do
    read -r warmup steps batch <<<"$(steps_for "$preset")"
    # shellcheck disable=SC2086
    java $(java_opts_for "$preset") -cp "$CP" dev.toonforge.dcgan.bench.DcganBenchmark "$preset" "$warmup" "$steps" "$batch" \
      >"$OUT/dl4j-$preset-$round.log" 2>&1 || { tail -20 "$OUT/dl4j-$preset-$round.log" >&2; exit 1; }
    grep '^RESULT' "$OUT/dl4j-$preset-$round.log" | tee -a "$RESULTS"
    "$PYTHON" bench/dcgan/torch_dcgan.py "$preset" "$warmup" "$steps" "$batch" | tee -a "$RESULTS"
  done
done

"$PYTHON" - "$RESULTS" "$PRESETS" <<'PY'
import sys
from collections import defaultdict
from statistics import median

runs = defaultdict(list)
for line in open(sys.argv[1]):
    fields = dict(kv.split("=", 1) for kv in line.split()[1:])
    runs[(fields["impl"], fields["preset"])].append(fields)

def figure(impl, preset, key):
    return median(float(r[key]) for r in runs[(impl, preset)])

summary = []
for preset in sys.argv[2].split():
    for key in ("train_img_s", "gen1_img_s", "gen64_img_s", "peak_rss_mb"):
        ours, torch = figure("dl4j", preset, key), figure("torch", preset, key)
        print(f"{preset} {key}: ours {ours:.3f}, pytorch {torch:.3f}, ratio ours/pytorch {ours / torch:.3f}")
    ratio = lambda key: figure("dl4j", preset, key) / figure("torch", preset, key)
    summary.append(f"{preset} train ratio={ratio('train_img_s'):.3f} gen1 ratio={ratio('gen1_img_s'):.3f} "
                   f"gen64 ratio={ratio('gen64_img_s'):.3f} rss_ratio={ratio('peak_rss_mb'):.3f}")
print("\n".join(summary))
PY
