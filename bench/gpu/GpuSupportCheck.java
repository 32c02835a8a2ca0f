package dev.toonforge.dcgan.backend;

/**
 * Runs {@link GpuSupport}'s check on a GPU machine without the rest of Toonforge: bench/gpu/pack-java-check.sh builds
 * it with a small Java runtime into .devcarry/, for a GPU machine that has no Java.
 */
public class GpuSupportCheck {
    public static void main(String[] a) {
        System.out.println("nd4j-cuda on the classpath: " + (GpuSupportCheck.class.getClassLoader().getResource("org/nd4j/linalg/jcublas/JCublasBackend.class") != null));
        try {
            GpuSupport.requireRunnableCards();
            System.out.println("GpuSupport let the CUDA build start");
        } catch (IllegalStateException e) {
            System.out.println("GpuSupport stopped the CUDA build: " + e.getMessage());
        }
    }
}
