package dev.toonforge.dcgan.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a CUDA build before ND4J starts on a card that nd4j-cuda-11.6 has no code for, with a message a user can act
 * on instead of a kernel-launch failure deep inside ND4J.
 *
 * <p>nd4j-cuda-11.6 1.0.0-M2.1's {@code libnd4jcuda.so} holds GPU machine code (SASS) for the compute capabilities in
 * {@link #ND4J_CUDA_SASS} and no PTX, so a driver cannot compile its kernels for a newer card: on an H100 or H200
 * (9.0) every kernel fails with {@code cudaErrorNoKernelImageForDevice}. {@code bench/gpu/fatbin_archs.py} lists the
 * library's capabilities, and {@code bench/gpu/run.sh} runs the check on a card (docs/benchmarks.md, "GPU").
 *
 * <p>The cards come from {@code nvidia-smi} (limited to {@code CUDA_VISIBLE_DEVICES} when set). Without nvidia-smi
 * nothing is checked. The CPU build checks nothing.
 */
public final class GpuSupport {

    private static final Logger LOG = LoggerFactory.getLogger(GpuSupport.class);

    /** A CUDA compute capability, e.g. 8.6. */
    record Capability(int major, int minor) {
        /** SASS built for this capability runs on the card: same major version, card's minor at least this one. */
        boolean runsOn(Capability card) {
            return major == card.major && minor <= card.minor;
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    record Card(String name, Capability capability) {
    }

    /** The compute capabilities libnd4jcuda.so has machine code for (it has no PTX). */
    static final List<Capability> ND4J_CUDA_SASS = List.of(new Capability(3, 7), new Capability(5, 0),
            new Capability(5, 2), new Capability(6, 0), new Capability(6, 1), new Capability(7, 0),
            new Capability(7, 5), new Capability(8, 0), new Capability(8, 6));

    /** Present only in nd4j-cuda builds; looked up as a resource, so nothing is loaded. */
    private static final String CUDA_BACKEND_CLASS = "org/nd4j/linalg/jcublas/JCublasBackend.class";

    private static boolean checked;
    private static String failure;

    private GpuSupport() {
    }

    /**
     * In a CUDA build, throws {@link IllegalStateException} when a visible card cannot run nd4j-cuda-11.6's kernels.
     * Checks once per process; call it before anything touches ND4J.
     */
    public static synchronized void requireRunnableCards() {
        if (!checked) {
            checked = true;
            if (GpuSupport.class.getClassLoader().getResource(CUDA_BACKEND_CLASS) != null) {
                failure = nvidiaSmiCards().flatMap(GpuSupport::problem).orElse(null);
            }
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** Why these cards cannot run nd4j-cuda-11.6, if one of them cannot. */
    static Optional<String> problem(List<Card> cards) {
        List<Card> unsupported = cards.stream()
                .filter(card -> ND4J_CUDA_SASS.stream().noneMatch(sass -> sass.runsOn(card.capability())))
                .toList();
        if (unsupported.isEmpty()) {
            return Optional.empty();
        }
        String names = unsupported.stream().map(card -> card.name() + " (compute capability " + card.capability() + ")")
                .collect(Collectors.joining(", "));
        return Optional.of("This CUDA build cannot run on " + names + ": nd4j-cuda-11.6 (Deeplearning4j 1.0.0-M2.1)"
                + " carries GPU code for compute capability 3.7 to 8.9 only (Kepler K80 to Ampere and Ada, e.g. A100,"
                + " A10, L4, RTX 30/40) and no PTX, so its kernels would fail with 'no kernel image is available for"
                + " execution on the device'. Run the trainer on such a card (CUDA_VISIBLE_DEVICES picks one), or use"
                + " the CPU build (built without -Pcuda).");
    }

    /** Parses {@code nvidia-smi --query-gpu=name,compute_cap --format=csv,noheader}: "NVIDIA H200, 9.0" per line. */
    static List<Card> parse(String csv) {
        List<Card> cards = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            int comma = line.lastIndexOf(',');
            if (line.isBlank() || comma < 0) {
                continue;
            }
            String[] version = line.substring(comma + 1).trim().split("\\.");
            if (version.length != 2) {
                throw new IllegalArgumentException("unexpected compute capability in nvidia-smi's line: " + line);
            }
            cards.add(new Card(line.substring(0, comma).trim(),
                    new Capability(Integer.parseInt(version[0]), Integer.parseInt(version[1]))));
        }
        return cards;
    }

    private static Optional<List<Card>> nvidiaSmiCards() {
        List<String> command = new ArrayList<>(List.of("nvidia-smi", "--query-gpu=name,compute_cap",
                "--format=csv,noheader"));
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        if (visible != null && !visible.isBlank()) {
            command.add("--id=" + visible.trim());
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                LOG.warn("Could not check the GPU's compute capability: {} said {}", String.join(" ", command),
                        output.strip());
                return Optional.empty();
            }
            return Optional.of(parse(output));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Could not check the GPU's compute capability with nvidia-smi: {}", e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
