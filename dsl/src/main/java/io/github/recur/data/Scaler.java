package io.github.recur.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-feature scaling fitted on training rows only and applied to any data, with the inverse for
 * predictions. Feature {@code j} is column {@code j} of {@code [rows][features]}, or the last axis of
 * an array.
 *
 * <pre>{@code
 * Scaler s = Scaler.minMax().fit(trainRows);       // [rows][features]
 * double[][] scaled = s.transform(testRows);
 * INDArray inUnits = s.inverse(predictions, 0);    // values of feature 0, any shape
 * }</pre>
 */
public abstract class Scaler {
    double[] shift;
    double[] scale;

    /** Scales each feature to [0, 1] using the training minimum and maximum. */
    public static MinMaxScaler minMax() { return new MinMaxScaler(); }

    /** Scales each feature to zero mean and unit standard deviation of the training data. */
    public static StandardScaler standard() { return new StandardScaler(); }

    /** An unfitted scaler of the same kind. */
    abstract Scaler fresh();

    /** Computes {@code shift} and {@code scale} per feature so that {@code (v - shift) / scale} is scaled. */
    abstract void compute(double[][] rows);

    /** Fits on training rows {@code [rows][features]}; returns this. */
    public Scaler fit(double[][] rows) {
        if (rows == null || rows.length == 0) throw new IllegalArgumentException(name() + ".fit: no rows to fit on; pass the training rows");
        int f = rows[0].length;
        for (double[] r : rows) {
            if (r.length != f) throw new IllegalArgumentException(name() + ".fit: rows have " + f + " and " + r.length + " features; all rows need the same count");
            for (double v : r) if (!Double.isFinite(v)) throw new IllegalArgumentException(name() + ".fit: the data contains " + v + "; remove NaN/infinite values first");
        }
        compute(rows);
        return this;
    }

    /** Fits on one feature. */
    public Scaler fit(double[] values) { return fit(column(given(values, "fit", "values"))); }

    /** Fits on an array whose last axis is the feature axis ({@code [batch, time, features]} or {@code [rows, features]}). */
    public Scaler fit(INDArray data) { return fit(rowsOf(given(data, "fit", "data"))); }

    /** Fits on the inputs {@code x} of a dataset. */
    public Scaler fit(SequenceData data) { return fit(given(data, "fit", "data").x()); }

    public boolean isFitted() { return shift != null; }

    public int features() { requireFitted("features"); return shift.length; }

    public double[][] transform(double[][] rows) { return apply(given(rows, "transform", "rows"), false); }

    public double[][] inverse(double[][] rows) { return apply(given(rows, "inverse", "rows"), true); }

    /** Scales the values of one feature. */
    public double[] transform(double[] values, int feature) { return apply1(given(values, "transform", "values"), feature, false); }

    /** Back to original units for values of one feature (e.g. predictions of a target). */
    public double[] inverse(double[] values, int feature) { return apply1(given(values, "inverse", "values"), feature, true); }

    /** Scales an array whose last axis has one entry per feature. */
    public INDArray transform(INDArray data) { return applyArray(given(data, "transform", "data"), false); }

    /** Inverse of {@link #transform(INDArray)}. */
    public INDArray inverse(INDArray data) { return applyArray(given(data, "inverse", "data"), true); }

    /** Back to original units for an array of any shape holding values of one feature. */
    public INDArray inverse(INDArray values, int feature) {
        given(values, "inverse", "values");
        double[] v = values.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        return Nd4j.createFromArray(apply1(v, feature, true)).reshape(values.shape());
    }

    /** Scales an array of any shape holding values of one feature. */
    public INDArray transform(INDArray values, int feature) {
        given(values, "transform", "values");
        double[] v = values.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        return Nd4j.createFromArray(apply1(v, feature, false)).reshape(values.shape()).castTo(values.dataType());
    }

    private double[][] apply(double[][] rows, boolean inverse) {
        requireFitted(inverse ? "inverse" : "transform");
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != shift.length) {
                throw new IllegalArgumentException(name() + ": row " + i + " has " + rows[i].length + " features but the scaler was fitted on "
                        + shift.length);
            }
            out[i] = new double[shift.length];
            for (int j = 0; j < shift.length; j++) out[i][j] = inverse ? rows[i][j] * scale[j] + shift[j] : (rows[i][j] - shift[j]) / scale[j];
        }
        return out;
    }

    private double[] apply1(double[] v, int feature, boolean inverse) {
        requireFitted(inverse ? "inverse" : "transform");
        if (feature < 0 || feature >= shift.length) {
            throw new IllegalArgumentException(name() + ": feature " + feature + " is outside 0.." + (shift.length - 1));
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = inverse ? v[i] * scale[feature] + shift[feature] : (v[i] - shift[feature]) / scale[feature];
        return out;
    }

    private INDArray applyArray(INDArray data, boolean inverse) {
        double[][] rows = rowsOf(data);
        double[][] r = apply(rows, inverse);
        double[] flat = new double[rows.length * shift.length];
        for (int i = 0; i < r.length; i++) System.arraycopy(r[i], 0, flat, i * shift.length, shift.length);
        return Nd4j.createFromArray(flat).reshape(data.shape()).castTo(data.dataType());
    }

    static double[][] rowsOf(INDArray data) {
        if (data.rank() < 2) return column(data.castTo(DataType.DOUBLE).dup('c').data().asDouble());
        int f = (int) data.size(data.rank() - 1);
        double[] flat = data.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] rows = new double[flat.length / f][f];
        for (int i = 0; i < rows.length; i++) System.arraycopy(flat, i * f, rows[i], 0, f);
        return rows;
    }

    private static double[][] column(double[] values) {
        double[][] rows = new double[values.length][1];
        for (int i = 0; i < values.length; i++) rows[i][0] = values[i];
        return rows;
    }

    private <T> T given(T value, String call, String name) {
        if (value == null) throw new IllegalArgumentException(name() + "." + call + ": " + name + " is null");
        return value;
    }

    private void requireFitted(String what) {
        if (shift == null) throw new IllegalStateException(name() + "." + what + ": the scaler is not fitted; call fit(trainingData) first");
    }

    String name() { return getClass().getSimpleName(); }

    @Override public String toString() {
        return name() + (shift == null ? "(not fitted)" : "(shift=" + java.util.Arrays.toString(shift) + ", scale=" + java.util.Arrays.toString(scale) + ")");
    }
}
