package io.github.recur.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

/**
 * Sliding windows over a time series, as an immutable configuration: each window holds
 * {@code lookBack} consecutive rows of the feature columns as input and the next {@code horizon}
 * rows of the target columns as output. Window {@code k} starts at row {@code k * stride}: inputs
 * rows {@code [s, s + lookBack)}, targets rows {@code [s + lookBack, s + lookBack + horizon)}.
 * Inputs are {@code [windows, lookBack, features]}; targets {@code [windows, horizon * targets]},
 * step by step (all targets of step 1, then of step 2, ...).
 *
 * <pre>{@code
 * Split split = Windows.of(Datasets.airlinePassengers(), "Passengers")
 *         .lookBack(12).horizon(1).scaled(Scaler.minMax())
 *         .split(0.7, 0.15);                       // chronological; scaler fitted on the training rows only
 * model.fit(split.train(), epochs(100), validationData(split.validation()));
 * }</pre>
 */
public final class Windows {
    private final String name;
    private final double[][] data;          // [rows][columns], columns = features then extra targets
    private final List<String> columns;
    private final int[] featureIdx;
    private final int[] targetIdx;
    private final int lookBack, horizon, stride;
    private final Scaler scaler;

    private Windows(String name, double[][] data, List<String> columns, int[] featureIdx, int[] targetIdx,
                    int lookBack, int horizon, int stride, Scaler scaler) {
        this.name = name;
        this.data = data;
        this.columns = columns;
        this.featureIdx = featureIdx;
        this.targetIdx = targetIdx;
        this.lookBack = lookBack;
        this.horizon = horizon;
        this.stride = stride;
        this.scaler = scaler;
    }

    /**
     * Windows over numeric {@code featureColumns} of a table (in row order); the target is the first
     * feature column until {@link #target} says otherwise. Defaults: lookBack 1, horizon 1, stride 1.
     */
    public static Windows of(Table table, String... featureColumns) {
        Columns.requireRows(table);
        if (featureColumns == null || featureColumns.length == 0) {
            throw new IllegalArgumentException("Windows.of: name at least one feature column; numeric columns of '" + table.name()
                    + "' are " + Columns.numericNames(table));
        }
        List<String> cols = List.of(featureColumns);
        double[][] m = Columns.matrix(table, cols);
        int[] idx = range(cols.size());
        return new Windows(table.name(), m, cols, idx, new int[] {0}, 1, 1, 1, null).withTable(table);
    }

    /** Windows over a single series of values. */
    public static Windows of(double[] series) {
        if (series == null || series.length == 0) throw new IllegalArgumentException("Windows.of: the series is empty");
        double[][] m = new double[series.length][1];
        for (int i = 0; i < series.length; i++) {
            if (!Double.isFinite(series[i])) {
                throw new IllegalArgumentException("Windows.of: series value " + i + " is " + series[i] + "; fill or drop missing values first");
            }
            m[i][0] = series[i];
        }
        return new Windows("series", m, List.of("series"), new int[] {0}, new int[] {0}, 1, 1, 1, null);
    }

    // the source table is kept only to resolve target columns that are not features
    private Table table;

    private Windows withTable(Table t) { this.table = t; return this; }

    private Windows copy(double[][] data, List<String> columns, int[] featureIdx, int[] targetIdx, int lookBack, int horizon,
                         int stride, Scaler scaler) {
        return new Windows(name, data, columns, featureIdx, targetIdx, lookBack, horizon, stride, scaler).withTable(table);
    }

    /** Number of past rows each window sees (its time steps). */
    public Windows lookBack(int steps) {
        if (steps <= 0) throw new IllegalArgumentException("lookBack must be a positive number of rows, got " + steps);
        return copy(data, columns, featureIdx, targetIdx, steps, horizon, stride, scaler);
    }

    /** Number of future rows to predict (1 = next step; more for a multi-step forecast). */
    public Windows horizon(int steps) {
        if (steps <= 0) throw new IllegalArgumentException("horizon must be a positive number of rows, got " + steps);
        return copy(data, columns, featureIdx, targetIdx, lookBack, steps, stride, scaler);
    }

    /** Rows between the starts of consecutive windows. */
    public Windows stride(int rows) {
        if (rows <= 0) throw new IllegalArgumentException("stride must be a positive number of rows, got " + rows);
        return copy(data, columns, featureIdx, targetIdx, lookBack, horizon, rows, scaler);
    }

    /** The columns to predict; they may be features or other numeric columns of the table. */
    public Windows target(String... targetColumns) {
        if (targetColumns == null || targetColumns.length == 0) throw new IllegalArgumentException("target: name at least one column");
        var all = new LinkedHashSet<>(columns.subList(0, featureIdx.length));
        all.addAll(List.of(targetColumns));
        List<String> cols = new ArrayList<>(all);
        double[][] m = data;
        if (cols.size() > columns.size() || !cols.equals(columns)) {
            if (table == null) throw new IllegalArgumentException("target: a raw series has no columns; its target is the series itself");
            m = Columns.matrix(table, cols);
        }
        int[] t = new int[targetColumns.length];
        for (int i = 0; i < t.length; i++) t[i] = cols.indexOf(targetColumns[i]);
        return copy(m, cols, featureIdx, t, lookBack, horizon, stride, scaler);
    }

    /** Scales every column with a scaler fitted on the training rows of {@link #split} (a fresh copy of {@code scaler} is fitted). */
    public Windows scaled(Scaler scaler) {
        return copy(data, columns, featureIdx, targetIdx, lookBack, horizon, stride, scaler == null ? null : scaler.fresh());
    }

    public int lookBack() { return lookBack; }
    public int horizon() { return horizon; }
    public int stride() { return stride; }
    public int rows() { return data.length; }
    public List<String> featureColumns() { return columns.subList(0, featureIdx.length); }
    public List<String> targetColumns() {
        List<String> t = new ArrayList<>();
        for (int i : targetIdx) t.add(columns.get(i));
        return t;
    }

    /** Start rows of all windows over the whole series. */
    public int[] starts() {
        requireFits(data.length, "the series");
        int count = (data.length - lookBack - horizon) / stride + 1;
        int[] s = new int[count];
        for (int k = 0; k < count; k++) s[k] = k * stride;
        return s;
    }

    /** All windows over the whole series, unscaled (use {@link #split} to scale without leaking test data). */
    public SequenceData build() {
        if (scaler != null) {
            throw new IllegalStateException("build: a scaler must be fitted on training rows only; call split(train, validation) "
                    + "and use split.all() for every window, scaled");
        }
        return make(data, starts());
    }

    /** Chronological split with no validation part: the first {@code trainFraction} of rows for training, the rest for test. */
    public Split split(double trainFraction) { return split(trainFraction, 0); }

    /**
     * Chronological split of the rows: the first {@code trainFraction} for training, the next
     * {@code validationFraction} for validation, the rest for test. A window belongs to the part
     * holding all its target rows; its inputs may look back across the boundary (they are known by
     * then), so no target is ever seen in two parts. A scaler set with {@link #scaled} is fitted on the
     * training rows only.
     */
    public Split split(double trainFraction, double validationFraction) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("split: trainFraction must be in (0, 1), got " + trainFraction);
        }
        if (!(validationFraction >= 0 && trainFraction + validationFraction < 1)) {
            throw new IllegalArgumentException("split: validationFraction must be >= 0 and leave rows for test (trainFraction + "
                    + "validationFraction < 1), got " + trainFraction + " + " + validationFraction);
        }
        int n = data.length;
        requireFits(n, "the series");
        int trainEnd = (int) Math.round(n * trainFraction);
        int valEnd = (int) Math.round(n * (trainFraction + validationFraction));
        Scaler fitted = null;
        double[][] values = data;
        if (scaler != null) {
            fitted = scaler.fresh().fit(Arrays.copyOfRange(data, 0, trainEnd));
            values = fitted.transform(data);
        }
        int[] all = starts();
        int[] train = part(all, 0, trainEnd, "train", trainFraction);
        int[] val = validationFraction > 0 ? part(all, trainEnd, valEnd, "validation", validationFraction) : null;
        int[] test = part(all, valEnd, n, "test", 1 - trainFraction - validationFraction);
        return new Split(this, make(values, train), val == null ? null : make(values, val), make(values, test), make(values, all),
                trainEnd, valEnd, fitted, firstTargets(train), val == null ? new int[0] : firstTargets(val), firstTargets(test),
                firstTargets(all), data, columns, targetIdx);
    }

    private int[] part(int[] starts, int from, int to, String what, double fraction) {
        List<Integer> keep = new ArrayList<>();
        for (int s : starts) {
            int t0 = s + lookBack, t1 = t0 + horizon;
            if (t0 >= from && t1 <= to) keep.add(s);
        }
        if (keep.isEmpty()) {
            throw new IllegalArgumentException("split: the " + what + " part (rows " + from + ".." + (to - 1) + ", fraction " + fraction
                    + ") holds no whole window of lookBack " + lookBack + " + horizon " + horizon
                    + "; give it a larger fraction or use a shorter lookBack/horizon");
        }
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }

    private int[] firstTargets(int[] starts) {
        int[] r = new int[starts.length];
        for (int i = 0; i < r.length; i++) r[i] = starts[i] + lookBack;
        return r;
    }

    private void requireFits(int rows, String what) {
        if (lookBack + horizon > rows) {
            throw new IllegalArgumentException("lookBack " + lookBack + " + horizon " + horizon + " = " + (lookBack + horizon)
                    + " rows exceed " + what + " of " + rows + " rows in '" + name + "'; use a shorter lookBack/horizon or more data");
        }
    }

    private SequenceData make(double[][] values, int[] starts) {
        int f = featureIdx.length, t = targetIdx.length, b = starts.length;
        double[] x = new double[b * lookBack * f];
        double[] y = new double[b * horizon * t];
        for (int k = 0; k < b; k++) {
            int s = starts[k];
            for (int i = 0; i < lookBack; i++) {
                for (int j = 0; j < f; j++) x[(k * lookBack + i) * f + j] = values[s + i][featureIdx[j]];
            }
            for (int h = 0; h < horizon; h++) {
                for (int j = 0; j < t; j++) y[(k * horizon + h) * t + j] = values[s + lookBack + h][targetIdx[j]];
            }
        }
        INDArray xs = Nd4j.createFromArray(x).reshape(b, lookBack, f).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray ys = Nd4j.createFromArray(y).reshape(b, (long) horizon * t).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        return new SequenceData(xs, ys, null);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    @Override public String toString() {
        return "Windows(" + name + ", features " + featureColumns() + ", target " + targetColumns() + ", lookBack " + lookBack
                + ", horizon " + horizon + ", stride " + stride + ", " + data.length + " rows" + (scaler == null ? "" : ", " + scaler.name()) + ")";
    }
}
