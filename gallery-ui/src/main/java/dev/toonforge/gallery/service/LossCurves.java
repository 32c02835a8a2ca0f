package dev.toonforge.gallery.service;

import dev.toonforge.contracts.storage.MetricPoint;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The discriminator and generator losses of a run as chart series (columns, as uPlot takes them): per step, averaged
 * into at most {@code maxPoints} buckets so a long run stays light, and per epoch (the mean of the epoch's steps).
 */
public final class LossCurves {

    private final List<MetricPoint> points = new ArrayList<>();

    public void add(MetricPoint point) {
        points.add(point);
    }

    public Curves build(int maxPoints) {
        points.sort((a, b) -> Long.compare(a.step(), b.step()));
        return new Curves(points.size(), perStep(Math.max(1, maxPoints)), perEpoch());
    }

    private Series perStep(int maxPoints) {
        int n = points.size();
        int bucket = (n + maxPoints - 1) / Math.max(1, maxPoints);
        bucket = Math.max(1, bucket);
        Series series = new Series();
        for (int from = 0; from < n; from += bucket) {
            int to = Math.min(n, from + bucket);
            Mean d = new Mean();
            Mean g = new Mean();
            for (int i = from; i < to; i++) {
                d.add(points.get(i).dLoss());
                g.add(points.get(i).gLoss());
            }
            // A bucket is plotted at its last step, so the final point is the newest step.
            series.add(points.get(to - 1).step(), d.value(), g.value());
        }
        return series;
    }

    private Series perEpoch() {
        TreeMap<Integer, Mean[]> sums = new TreeMap<>();
        for (MetricPoint p : points) {
            Mean[] mean = sums.computeIfAbsent(p.epoch(), e -> new Mean[]{new Mean(), new Mean()});
            mean[0].add(p.dLoss());
            mean[1].add(p.gLoss());
        }
        Series series = new Series();
        sums.forEach((epoch, mean) -> series.add(epoch, mean[0].value(), mean[1].value()));
        return series;
    }

    /** The mean of the finite values: one diverged step does not blank a whole bucket. NaN when there are none. */
    private static final class Mean {
        private double sum;
        private int count;

        void add(double value) {
            if (Double.isFinite(value)) {
                sum += value;
                count++;
            }
        }

        double value() {
            return count == 0 ? Double.NaN : sum / count;
        }
    }

    /** @param x steps or epochs; {@code d} and {@code g} the matching mean losses */
    public record Series(List<Long> x, List<Double> d, List<Double> g) {
        Series() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        void add(long at, double dLoss, double gLoss) {
            x.add(at);
            d.add(finiteOrNull(dLoss));
            g.add(finiteOrNull(gLoss));
        }

        // JSON has no NaN; a diverged step shows as a gap in the chart.
        private static Double finiteOrNull(double value) {
            return Double.isFinite(value) ? value : null;
        }
    }

    /** @param points how many metric lines the run has */
    public record Curves(int points, Series steps, Series epochs) {
    }
}
