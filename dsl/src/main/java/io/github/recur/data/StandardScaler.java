package io.github.recur.data;

/**
 * {@code (v - mean) / std} per feature, with the mean and population standard deviation of the
 * training data; a constant feature keeps scale 1.
 *
 * <pre>{@code Scaler s = Scaler.standard().fit(trainRows); }</pre>
 */
public final class StandardScaler extends Scaler {
    @Override Scaler fresh() { return new StandardScaler(); }

    @Override void compute(double[][] rows) {
        int f = rows[0].length, n = rows.length;
        shift = new double[f];
        scale = new double[f];
        for (int j = 0; j < f; j++) {
            double sum = 0;
            for (double[] r : rows) sum += r[j];
            double mean = sum / n, sq = 0;
            for (double[] r : rows) sq += (r[j] - mean) * (r[j] - mean);
            double std = Math.sqrt(sq / n);
            shift[j] = mean;
            scale[j] = std > 0 ? std : 1;
        }
    }

    public double mean(int feature) { return shift[feature]; }

    public double std(int feature) { return scale[feature]; }
}
