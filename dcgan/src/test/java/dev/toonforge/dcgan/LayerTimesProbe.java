package dev.toonforge.dcgan;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Time per layer of G or D, forward and (in training mode) backward, to find where a pass spends it (docs/benchmarks.md,
 * "Training speed"). Not a test: run it with the benchmark's classpath, e.g.
 * {@code java -cp dcgan/target/test-classes:dcgan/target/classes:$(cat bench/out/dcgan/classpath.txt)
 * dev.toonforge.dcgan.LayerTimesProbe dcgan-64 D 64 5} or {@code ... seed-128 G 1 10 inference}.
 */
public final class LayerTimesProbe {

    private static final int WARMUP = 2;

    private LayerTimesProbe() {
    }

    public static void main(String[] args) {
        DcganConfig config = DcganConfig.forPreset(args[0]);
        boolean generator = args[1].equals("G");
        int batch = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);
        boolean training = !(args.length > 4 && args[4].equals("inference"));
        Dcgan gan = Dcgan.create(config, 1);
        MultiLayerNetwork net = generator ? gan.generatorNetwork() : gan.discriminatorNetwork();
        net.initGradientsView();
        int size = config.imageSize();
        INDArray input = generator ? Nd4j.randn(DataType.FLOAT, batch, config.noiseSize())
                : Nd4j.rand(DataType.FLOAT, batch, 3, size, size).muli(2).subi(1);
        Layer[] layers = net.getLayers();
        long[] forward = new long[layers.length];
        long[] backward = new long[layers.length];
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        for (int r = 0; r < WARMUP + reps; r++) {
            boolean timed = r >= WARMUP;
            INDArray x = input;
            for (int i = 0; i < layers.length; i++) {
                InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
                if (pre != null) {
                    x = pre.preProcess(x, batch, noWorkspaces);
                }
                long t0 = System.nanoTime();
                layers[i].setInput(x, noWorkspaces);
                x = layers[i].activate(training, noWorkspaces);
                forward[i] += timed ? System.nanoTime() - t0 : 0;
            }
            if (!training) {
                continue;
            }
            INDArray epsilon = Nd4j.rand(DataType.FLOAT, x.shape()).subi(0.5);
            for (int i = layers.length - 1; i >= 0; i--) {
                long t0 = System.nanoTime();
                epsilon = layers[i].backpropGradient(epsilon, noWorkspaces).getSecond();
                backward[i] += timed ? System.nanoTime() - t0 : 0;
                InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
                if (pre != null && i > 0) {
                    epsilon = pre.backprop(epsilon, batch, noWorkspaces);
                }
            }
        }
        long totalForward = 0;
        long totalBackward = 0;
        for (int i = 0; i < layers.length; i++) {
            System.out.printf("%2d %-22s forward %8.2f ms   backward %8.2f ms%n", i, layers[i].getClass().getSimpleName(),
                    forward[i] / 1e6 / reps, backward[i] / 1e6 / reps);
            totalForward += forward[i];
            totalBackward += backward[i];
        }
        System.out.printf("%s %s batch %d %s: forward %.1f ms, backward %.1f ms%n", args[0], args[1], batch,
                training ? "training" : "inference", totalForward / 1e6 / reps, totalBackward / 1e6 / reps);
    }
}
