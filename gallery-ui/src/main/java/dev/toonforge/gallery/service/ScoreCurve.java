package dev.toonforge.gallery.service;

import dev.toonforge.contracts.storage.EpochScore;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A run's quality scores as chart series (columns, as uPlot takes them), one point per scored epoch, and its best epoch:
 * the lowest score, the earliest of equal ones (as the trainer picks it). A score that is not a number is a gap and is
 * never the best.
 */
public final class ScoreCurve {

    private ScoreCurve() {
    }

    public static Scores of(List<EpochScore> scores) {
        // An epoch scored twice (a resumed run measures its last epoch again) keeps its newest line.
        TreeMap<Integer, EpochScore> byEpoch = new TreeMap<>();
        scores.forEach(score -> byEpoch.put(score.epoch(), score));
        List<Integer> epochs = new ArrayList<>();
        List<Double> swd = new ArrayList<>();
        List<Double> diversity = new ArrayList<>();
        Integer bestEpoch = null;
        Double bestScore = null;
        for (EpochScore score : byEpoch.values()) {
            epochs.add(score.epoch());
            swd.add(finiteOrNull(score.swd()));
            diversity.add(finiteOrNull(score.diversity()));
            if (Double.isFinite(score.swd()) && (bestScore == null || score.swd() < bestScore)) {
                bestEpoch = score.epoch();
                bestScore = score.swd();
            }
        }
        return new Scores(epochs, swd, diversity, bestEpoch, bestScore);
    }

    // JSON has no NaN.
    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /**
     * @param epochs    the scored epochs, ascending
     * @param swd       their scores (lower is better), null where not a number
     * @param diversity the generated samples' diversity relative to the data's, null where not a number
     * @param bestEpoch the epoch with the lowest score; null before the first score
     * @param bestScore that score
     */
    public record Scores(List<Integer> epochs, List<Double> swd, List<Double> diversity, Integer bestEpoch,
                         Double bestScore) {
    }
}
