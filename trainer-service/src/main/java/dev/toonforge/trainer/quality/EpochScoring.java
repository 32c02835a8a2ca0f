package dev.toonforge.trainer.quality;

import dev.toonforge.contracts.storage.EpochScore;
import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.dcgan.ImageTensors;
import dev.toonforge.dcgan.quality.QualityProbe;
import dev.toonforge.dcgan.quality.QualityScore;

import org.jboss.logging.Logger;

import java.util.List;
import java.util.stream.LongStream;

/**
 * One run's quality score: a {@link QualityProbe} on a fixed set of the dataset's real images (its first ones by key)
 * and a fixed set of noise vectors that do not depend on the run's seed, so the scores of every run of a dataset
 * compare. It measures the generator the run samples with (the moving average when the run keeps one), every k epochs
 * as its {@link ScoreCadence} says.
 */
public final class EpochScoring {

    /** The first noise vector's seed; the others follow. Fixed for every run so that scores compare. */
    static final long NOISE_SEED = 0x5C0_2E00L;
    /** The probe's own seed (its random projections). */
    static final long PROBE_SEED = 20_180_000L;

    private static final Logger LOG = Logger.getLogger(EpochScoring.class);

    private final QualityProbe probe;
    private final ScoreCadence cadence;

    private EpochScoring(QualityProbe probe, ScoreCadence cadence) {
        this.probe = probe;
        this.cadence = cadence;
    }

    /**
     * @param realRgb  the dataset's images as interleaved RGB bytes, in key order; the first {@code maxImages} are used
     * @param gan      the run's GAN (its noise source draws the fixed vectors)
     */
    public static EpochScoring forRun(List<byte[]> realRgb, int imageSize, int maxImages, int samples, Dcgan gan,
                                      double maxShare, int lastEpoch) {
        int count = Math.min(maxImages, realRgb.size());
        byte[] rgb = new byte[count * imageSize * imageSize * 3];
        for (int i = 0; i < count; i++) {
            byte[] image = realRgb.get(i);
            System.arraycopy(image, 0, rgb, i * image.length, image.length);
        }
        long[] seeds = LongStream.range(0, samples).map(i -> NOISE_SEED + i).toArray();
        long started = System.nanoTime();
        QualityProbe probe;
        try {
            probe = new QualityProbe(ImageTensors.fromRgbBytes(rgb, count, imageSize), gan.noise().forSeeds(seeds),
                    PROBE_SEED);
        } catch (IllegalArgumentException e) {
            LOG.warnf("No quality score for this run: %s", e.getMessage());
            probe = null;
        }
        ScoreCadence cadence = new ScoreCadence(maxShare, lastEpoch);
        cadence.prepared((System.nanoTime() - started) / 1e9);
        return new EpochScoring(probe, cadence);
    }

    /** Records how long an epoch's steps took (the score's budget is a share of it). */
    public void trained(double seconds) {
        cadence.trained(seconds);
    }

    /** Whether {@code epoch} is measured; never when the dataset cannot be measured against (all images alike). */
    public boolean due(int epoch) {
        return probe != null && cadence.due(epoch);
    }

    /** Measures the generator at the end of {@code epoch} and chooses when to measure next. */
    public EpochScore measure(Dcgan gan, int epoch) {
        long started = System.nanoTime();
        QualityScore score = probe.evaluate(gan.generator());
        double seconds = (System.nanoTime() - started) / 1e9;
        cadence.measured(seconds);
        return new EpochScore(epoch, gan.step(), score.swd(), score.diversity(), seconds, System.currentTimeMillis());
    }

    public int everyEpochs() {
        return cadence.everyEpochs();
    }
}
