// What nd4j-cuda-11.6 (DL4J 1.0.0-M2.1) meets on a card its libnd4jcuda.so has no code for.
// run.sh builds this twice: once like libnd4jcuda.so (SASS for sm_80 and sm_86, no PTX; fatbin_archs.py shows the
// library's full list) and once with PTX added, which the driver can compile for any newer card.
#include <cstdio>
#include <cuda_runtime.h>

__global__ void fill(float *out, float value) { out[threadIdx.x] = value; }

int main() {
  int device = 0;
  cudaDeviceProp prop;
  cudaGetDeviceProperties(&prop, device);
  printf("card: %s, compute capability %d.%d\n", prop.name, prop.major, prop.minor);
  float *out = nullptr;
  cudaMalloc(&out, 32 * sizeof(float));
  fill<<<1, 32>>>(out, 1.0f);
  cudaError_t launch = cudaGetLastError();
  cudaError_t done = cudaDeviceSynchronize();
  cudaError_t error = launch != cudaSuccess ? launch : done;
  float host[32] = {0};
  if (error == cudaSuccess) cudaMemcpy(host, out, sizeof(host), cudaMemcpyDeviceToHost);
  printf("kernel launch: %s (%s); out[31] = %.1f\n", cudaGetErrorName(error), cudaGetErrorString(error), host[31]);
  cudaFree(out);
  return error == cudaSuccess ? 0 : 1;
}
