#!/usr/bin/env bash
# One run on a GPU machine: the card, PyTorch's DCGAN reference on it, and whether
# nd4j-cuda-11.6 (our -Pcuda backend) can run on it. Needs nvidia-smi, nvcc, cuobjdump and python3 with torch (the GPU
# image has them); no Java and no network. Writes everything to $OUT/gpu.log (or bench/out/gpu/gpu.log).
#
# Why no DL4J on the card here: see docs/benchmarks.md, "GPU". In short, libnd4jcuda.so is 905 MB with CUDA 11 cuBLAS
# and cuSOLVER beside it, too large to carry to the GPU machine; its GPU code is checked statically instead
# (fatbin_archs.py), and a program of the same shape is run on the card.
# Knobs: DCGAN64_STEPS=300 SEED128_STEPS=100 (timed training steps, after a tenth as many warm-up steps)
set -uo pipefail
cd "$(dirname "$0")/../.."
LOG_DIR=${OUT:-bench/out/gpu}
mkdir -p "$LOG_DIR"
exec > >(tee "$LOG_DIR/gpu.log") 2>&1
PYTHON=${PYTHON:-python3}
export PYTHONUNBUFFERED=1

echo "== card"
date -u +%Y-%m-%dT%H:%MZ
nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total,clocks.max.sm --format=csv
nvcc --version | tail -2
"$PYTHON" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "cudnn",
torch.backends.cudnn.version(), "capability", torch.cuda.get_device_capability(0))'

echo "== nd4j-cuda-11.6 on this card: a program shaped like libnd4jcuda.so (SASS only), then with PTX"
BIN=$(mktemp -d)
nvcc -O2 -gencode arch=compute_80,code=sm_80 -gencode arch=compute_86,code=sm_86 \
  -o "$BIN/sass_only" bench/gpu/no_kernel_image.cu
nvcc -O2 -gencode arch=compute_80,code=sm_80 -gencode arch=compute_86,code=sm_86 \
  -gencode arch=compute_86,code=compute_86 -o "$BIN/with_ptx" bench/gpu/no_kernel_image.cu
for program in sass_only with_ptx; do
  echo "-- $program"
  echo "cuobjdump:"; cuobjdump --list-elf --list-ptx "$BIN/$program"
  echo "fatbin_archs.py:"; "$PYTHON" bench/gpu/fatbin_archs.py "$BIN/$program"
  "$BIN/$program"; echo "exit status $?"
done

echo "== PyTorch reference (bench/dcgan/torch_dcgan.py) on the card, batch 64"
export TORCH_DEVICE=cuda
for preset in dcgan-64 seed-128; do
  case $preset in
    seed-128) steps=${SEED128_STEPS:-100} ;;
    *) steps=${DCGAN64_STEPS:-300} ;;
  esac
  for cudnn_benchmark in 0 1; do
    CUDNN_BENCHMARK=$cudnn_benchmark timeout 150 "$PYTHON" bench/dcgan/torch_dcgan.py "$preset" $((steps / 10)) "$steps" 64 \
      || echo "FAILED: $preset cudnn_benchmark=$cudnn_benchmark (exit $?)"
  done
done
nvidia-smi --query-gpu=name,temperature.gpu,clocks.sm,power.draw --format=csv
echo "== done $(date -u +%H:%M:%SZ)"
