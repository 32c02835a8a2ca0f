package dev.toonforge.trainer.bench;

import dev.toonforge.contracts.storage.RunConfig;
import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.trainer.service.RunService;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The steps of a run alone, as a plain training loop would do them: {@link Dcgan#trainStep} calls of a tiny-32
 * configuration on batches prepared beforehand, timed from the second step (the first builds the primitives, as the
 * run's first does). {@link #inFreshJvm} runs them in a JVM of their own, as a user's loop would start (the JIT warms
 * up on the way); {@link #time} runs them on the calling thread, in a JVM that may be warm already.
 */
final class PlainLoop {

    private PlainLoop() {
    }

    /** Seconds for {@code steps} steps on this thread. */
    private static double time(String dataset, int epochs, int batch, int steps) {
        RunConfig config = new RunConfig(dataset, "tiny-32", 32, epochs, 1, batch, 2e-4, 2e-4, 0.5, 0.05);
        Dcgan gan = Dcgan.create(RunService.dcganConfig(config), 1);
        INDArray[] batches = new INDArray[4];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = Nd4j.rand(DataType.FLOAT, batch, 3, 32, 32).muli(2).subi(1);
        }
        gan.trainStep(batches[0]);
        long started = System.nanoTime();
        for (int s = 1; s < steps; s++) {
            gan.trainStep(batches[s % batches.length]);
        }
        return (System.nanoTime() - started) / 1e9 * steps / Math.max(1, steps - 1);
    }

    /**
     * The seconds of the same steps in a fresh JVM, and again in that JVM once it is warm; the core-seconds the JVM
     * used for the fresh pass.
     */
    record Seconds(double fresh, double warm, double freshCpu) {
    }

    /** {@code steps} steps in a new JVM with this one's class path and {@code jvmOptions} (heap and JavaCPP limits), twice. */
    static Seconds inFreshJvm(List<String> jvmOptions, String dataset, int epochs, int batch, int steps)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PlainLoop.class.getName(), dataset,
                Integer.toString(epochs), Integer.toString(batch), Integer.toString(steps)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("the plain loop failed: " + command + "\n" + output);
        }
        String[] cpu = output.lines().filter(line -> line.startsWith("CPU ")).reduce((first, second) -> second)
                .map(line -> line.substring("CPU ".length()).split(" "))
                .orElseThrow(() -> new IllegalStateException("the plain loop printed no CPU time:\n" + output));
        String[] seconds = output.lines().filter(line -> line.startsWith("SECONDS ")).reduce((first, second) -> second)
                .map(line -> line.substring("SECONDS ".length()).split(" "))
                .orElseThrow(() -> new IllegalStateException("the plain loop printed no time:\n" + output));
        return new Seconds(Double.parseDouble(seconds[0]), Double.parseDouble(seconds[1]), Double.parseDouble(cpu[0]));
    }

    /**
     * {@code dataset epochs batch steps}: prints "CPU fresh" (the core-seconds of the fresh pass, the network's set-up
     * included) and "SECONDS fresh warm" last.
     */
    public static void main(String[] args) {
        int epochs = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        ProcessHandle self = ProcessHandle.current();
        double cpuAtStart = CpuTime.process(self);
        double fresh = time(args[0], epochs, batch, steps);
        System.out.println(String.format(Locale.ROOT, "CPU %.3f", CpuTime.process(self) - cpuAtStart));
        double warm = time(args[0], epochs, batch, steps);
        System.out.println(String.format(Locale.ROOT, "SECONDS %.3f %.3f", fresh, warm));
    }
}
