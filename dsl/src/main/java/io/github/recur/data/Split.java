package io.github.recur.data;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A chronological train / validation / test split of {@link Windows}, with the scaler fitted on the
 * training rows and the row each window's first target falls on (for plotting against time).
 *
 * <pre>{@code
 * Split split = Windows.of(table, "Passengers").lookBack(12).scaled(Scaler.minMax()).split(0.7, 0.15);
 * model.fit(split.train(), epochs(100), validationData(split.validation()));
 * double[] predicted = split.inverse(model.predict(split.all().x())).toDoubleVector();
 * Plots.predictions(split.actual(), predicted, split.trainEnd());
 * }</pre>
 */
public final class Split {
    private final Windows windows;
    private final SequenceData train, validation, test, all;
    private final int trainEnd, validationEnd;
    private final Scaler scaler;
    private final int[] trainRows, validationRows, testRows, allRows;
    private final double[][] raw;
    private final List<String> columns;
    private final int[] targetIdx;

    Split(Windows windows, SequenceData train, SequenceData validation, SequenceData test, SequenceData all, int trainEnd,
          int validationEnd, Scaler scaler, int[] trainRows, int[] validationRows, int[] testRows, int[] allRows,
          double[][] raw, List<String> columns, int[] targetIdx) {
        this.windows = windows;
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.all = all;
        this.trainEnd = trainEnd;
        this.validationEnd = validationEnd;
        this.scaler = scaler;
        this.trainRows = trainRows;
        this.validationRows = validationRows;
        this.testRows = testRows;
        this.allRows = allRows;
        this.raw = raw;
        this.columns = columns;
        this.targetIdx = targetIdx;
    }

    public SequenceData train() { return train; }

    /** Validation windows, or null when the split has no validation fraction. */
    public SequenceData validation() { return validation; }

    public SequenceData test() { return test; }

    /** Every window of the series in order (scaled like the parts): predict on it to plot a whole series. */
    public SequenceData all() { return all; }

    /** First row after the training rows: where the train/validation boundary lies. */
    public int trainEnd() { return trainEnd; }

    /** First row after the validation rows: where the test rows begin. */
    public int validationEnd() { return validationEnd; }

    /** The scaler fitted on the training rows (columns: features, then targets that are not features), or null. */
    public Scaler scaler() { return scaler; }

    public Windows windows() { return windows; }

    /** Row of the first target step of each training window. */
    public int[] trainRows() { return trainRows.clone(); }
    public int[] validationRows() { return validationRows.clone(); }
    public int[] testRows() { return testRows.clone(); }
    public int[] allRows() { return allRows.clone(); }

    /** The unscaled values of the (first) target column over all rows. */
    public double[] actual() { return column(columns.get(targetIdx[0])); }

    /** The unscaled values of a feature or target column over all rows. */
    public double[] column(String name) {
        int j = columns.indexOf(name);
        if (j < 0) throw new IllegalArgumentException("split has no column '" + name + "'; it has " + columns);
        double[] v = new double[raw.length];
        for (int i = 0; i < v.length; i++) v[i] = raw[i][j];
        return v;
    }

    /**
     * Model outputs {@code [windows, horizon * targets]} back in the target's original units (the
     * identity when no scaler was set). Returns a double array of the same shape.
     */
    public INDArray inverse(INDArray predictions) {
        INDArray p = predictions.castTo(DataType.DOUBLE).dup('c');
        if (scaler == null) return p;
        int t = targetIdx.length;
        long cols = p.rank() == 1 ? 1 : p.length() / p.size(0);
        if (cols % t != 0) {
            throw new IllegalArgumentException("inverse: predictions " + java.util.Arrays.toString(p.shape()) + " do not hold "
                    + t + " target(s) per step; expected [windows, horizon * " + t + "]");
        }
        double[] flat = p.data().asDouble();
        for (int i = 0; i < flat.length; i++) {
            int j = targetIdx[(int) ((i % cols) % t)];
            flat[i] = scaler.inverse(new double[] {flat[i]}, j)[0];
        }
        return Nd4j.createFromArray(flat).reshape(p.shape());
    }

    @Override public String toString() {
        return "Split(train " + train.size() + ", validation " + (validation == null ? 0 : validation.size()) + ", test "
                + test.size() + " windows; rows 0.." + (trainEnd - 1) + " | " + trainEnd + ".." + (validationEnd - 1) + " | "
                + validationEnd + ".." + (raw.length - 1) + ")";
    }
}
