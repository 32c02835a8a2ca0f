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
            double d = 0;
            double g = 0;
            for (int i = from; i < to; i++) {
                d += points.get(i).dLoss();
                g += points.get(i).gLoss();
            }
            // A bucket is plotted at its last step, so the final point is the newest step.
            series.add(points.get(to - 1).step(), d / (to - from), g / (to - from));
        }
        return series;
    }

    private Series perEpoch() {
        TreeMap<Integer, double[]> sums = new TreeMap<>();
        for (MetricPoint p : points) {
            double[] sum = sums.computeIfAbsent(p.epoch(), e -> new double[3]);
            sum[0] += p.dLoss();
            sum[1] += p.gLoss();
            sum[2]++;
        }
        Series series = new Series();
        sums.forEach((epoch, sum) -> series.add(epoch, sum[0] / sum[2], sum[1] / sum[2]));
        return series;
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
