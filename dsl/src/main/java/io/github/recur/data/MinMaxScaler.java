package io.github.recur.data;

/**
 * {@code (v - min) / (max - min)} per feature, with min and max of the training data; a constant
 * feature maps to 0.
 *
 * <pre>{@code Scaler s = Scaler.minMax().fit(trainRows); }</pre>
 */
public final class MinMaxScaler extends Scaler {
    @Override Scaler fresh() { return new MinMaxScaler(); }

    @Override void compute(double[][] rows) {
        int f = rows[0].length;
        shift = new double[f];
        scale = new double[f];
        for (int j = 0; j < f; j++) {
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (double[] r : rows) { min = Math.min(min, r[j]); max = Math.max(max, r[j]); }
            shift[j] = min;
            scale[j] = max > min ? max - min : 1; // a constant feature would divide by zero
        }
    }

    public double min(int feature) { return shift[feature]; }

    public double max(int feature) { return shift[feature] + scale[feature]; }
}
