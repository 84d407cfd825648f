package io.github.recur.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inputs, targets and an optional mask, batch-first: {@code x [batch, time, features]} (or
 * {@code [batch, time]} token ids for an embedding), {@code y [batch, outputs]} or
 * {@code [batch, time, outputs]}, {@code mask [batch, time]} with 1 for real steps and 0 for padding.
 *
 * <pre>{@code
 * var data = new SequenceData(x, y, null);
 * for (var batch : data.batches(32, new Random(42))) model.trainOnBatch(batch);
 * }</pre>
 */
public record SequenceData(INDArray x, INDArray y, INDArray mask, Map<String, INDArray> inputs, Map<String, INDArray> targets) {

    /**
     * Named inputs of a functional model (in the model's order or any), and the targets: each input
     * batch-first with one row per example. {@code x()} is then the first input.
     *
     * <pre>{@code var data = SequenceData.of(Map.of("source", src, "target_in", tgtIn), tgtOut);}</pre>
     */
    public static SequenceData of(Map<String, INDArray> inputs, INDArray y) {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("SequenceData.of: inputs is " + (inputs == null ? "null" : "empty")
                    + "; pass the model's inputs by name, e.g. Map.of(\"source\", src, \"target_in\", tgtIn)");
        }
        var copy = new LinkedHashMap<String, INDArray>();
        for (var e : new TreeMap<>(inputs).entrySet()) {
            if (e.getValue() == null) throw new IllegalArgumentException("SequenceData.of: input \"" + e.getKey() + "\" is null");
            copy.put(e.getKey(), e.getValue());
        }
        return new SequenceData(copy.values().iterator().next(), y, null, Collections.unmodifiableMap(copy), null);
    }

    /**
     * Named inputs and named targets, for a functional model with several outputs (targets keyed by the
     * output layers' names).
     *
     * <pre>{@code var data = SequenceData.of(Map.of("x", x), Map.of("tags", tags, "sentiment", labels));}</pre>
     */
    public static SequenceData of(Map<String, INDArray> inputs, Map<String, INDArray> targets) {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("SequenceData.of: targets is " + (targets == null ? "null" : "empty")
                    + "; pass each output's targets by the output layer's name, e.g. Map.of(\"tags\", tags, \"sentiment\", labels)");
        }
        SequenceData in = of(inputs, (INDArray) null);
        var copy = new LinkedHashMap<String, INDArray>();
        for (var e : new TreeMap<>(targets).entrySet()) {
            if (e.getValue() == null) throw new IllegalArgumentException("SequenceData.of: target \"" + e.getKey() + "\" is null");
            copy.put(e.getKey(), e.getValue());
        }
        return new SequenceData(in.x(), copy.values().iterator().next(), null, in.inputs(), Collections.unmodifiableMap(copy));
    }

    public SequenceData(INDArray x, INDArray y, INDArray mask) { this(x, y, mask, null, null); }

    public SequenceData {
        if (x == null) throw new IllegalArgumentException("SequenceData: x is null; pass the inputs [batch, time, features]");
        if (x.rank() == 0) throw new IllegalArgumentException("SequenceData: x is a scalar; pass the inputs [batch, time, features]");
        if (y != null && y.rank() == 0) throw new IllegalArgumentException("SequenceData: y is a scalar; pass one target row per sample");
        if (mask != null && x.rank() < 2) {
            throw new IllegalArgumentException("SequenceData: a mask [batch, time] needs sequences x [batch, time, ...], but x is "
                    + java.util.Arrays.toString(x.shape()));
        }
        if (y != null && y.size(0) != x.size(0)) {
            throw new IllegalArgumentException("SequenceData: x has " + x.size(0) + " samples but y has "
                    + y.size(0) + "; inputs and targets must have the same first dimension");
        }
        if (mask != null && (mask.rank() != 2 || mask.size(0) != x.size(0) || mask.size(1) != x.size(1))) {
            throw new IllegalArgumentException("SequenceData: mask must be [batch, time] = ["
                    + x.size(0) + ", " + x.size(1) + "] but is " + java.util.Arrays.toString(mask.shape()));
        }
        if (targets != null) {
            for (var e : targets.entrySet()) {
                if (e.getValue().rank() == 0 || e.getValue().size(0) != x.size(0)) {
                    throw new IllegalArgumentException("SequenceData: target \"" + e.getKey() + "\" has shape " + java.util.Arrays.toString(e.getValue().shape())
                            + " but the inputs have " + x.size(0) + " examples; every target needs one row per example");
                }
            }
        }
        if (inputs != null) {
            for (var e : inputs.entrySet()) {
                if (e.getValue().rank() == 0 || e.getValue().size(0) != x.size(0)) {
                    throw new IllegalArgumentException("SequenceData: input \"" + e.getKey() + "\" has shape " + java.util.Arrays.toString(e.getValue().shape())
                            + " but the first input has " + x.size(0) + " examples; every input needs one row per example");
                }
            }
        }
    }

    public SequenceData(INDArray x, INDArray y) { this(x, y, null); }

    /** Number of samples. */
    public int size() { return (int) x.size(0); }

    /** The samples at the given indices, in that order. */
    public SequenceData subset(int[] indices) {
        if (indices == null) throw new IllegalArgumentException("SequenceData.subset: indices is null; pass the sample indices to keep");
        for (int i : indices) {
            if (i < 0 || i >= size()) throw new IllegalArgumentException("SequenceData.subset: index " + i + " is outside 0.." + (size() - 1));
        }
        INDArray idx = Nd4j.createFromArray(indices);
        if (inputs != null) {
            var picked = new LinkedHashMap<String, INDArray>();
            inputs.forEach((name, a) -> picked.put(name, rows(a, idx)));
            Map<String, INDArray> pickedTargets = null;
            if (targets != null) {
                var t = new LinkedHashMap<String, INDArray>();
                targets.forEach((name, a) -> t.put(name, rows(a, idx)));
                pickedTargets = Collections.unmodifiableMap(t);
            }
            return new SequenceData(picked.values().iterator().next(), y == null ? null : rows(y, idx), mask == null ? null : rows(mask, idx),
                    Collections.unmodifiableMap(picked), pickedTargets);
        }
        return new SequenceData(rows(x, idx), y == null ? null : rows(y, idx), mask == null ? null : rows(mask, idx));
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive). */
    public SequenceData range(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("SequenceData.range: [" + from + ", " + to + ") is not inside [0, " + size() + "]");
        }
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) idx[i] = from + i;
        return subset(idx);
    }

    /**
     * Chronological split: the first {@code 1 - fraction} for training, the last {@code fraction}
     * for validation (as Keras' {@code validation_split}).
     */
    public SequenceData[] splitLast(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + fraction);
        }
        int n = size();
        int cut = (int) Math.round(n * (1 - fraction));
        if (cut <= 0 || cut >= n) {
            throw new IllegalArgumentException("validation fraction " + fraction + " of " + n
                    + " samples leaves an empty part; use more samples or another fraction");
        }
        return new SequenceData[] {range(0, cut), range(cut, n)};
    }

    /** Mini-batches in order, or shuffled by {@code random} when it is not null. */
    public List<SequenceData> batches(int batchSize, Random random) {
        if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        int n = size();
        int[] order = permutation(n, random);
        List<SequenceData> out = new ArrayList<>();
        if (random == null && batchSize >= n) { out.add(this); return out; }
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            int[] idx = new int[end - start];
            System.arraycopy(order, start, idx, 0, idx.length);
            out.add(subset(idx));
        }
        return out;
    }

    /**
     * Mini-batches in a shuffled order that depends only on {@code seed} (the same seed gives the same
     * batches); {@code fit} does the same with its {@code seed(...)} option.
     *
     * <pre>{@code for (SequenceData b : data.batches(32, 42L)) ... }</pre>
     */
    public List<SequenceData> batches(int batchSize, long seed) { return batches(batchSize, new Random(seed)); }

    /** The samples in a seeded random order. */
    public SequenceData shuffle(long seed) {
        int[] order = permutation(size(), new Random(seed));
        return subset(order);
    }

    @Override public String toString() {
        if (inputs != null) {
            var sb = new StringBuilder("SequenceData(" + size() + " samples");
            inputs.forEach((name, a) -> sb.append(", ").append(name).append(' ').append(java.util.Arrays.toString(a.shape())));
            if (targets != null) targets.forEach((name, a) -> sb.append(", target ").append(name).append(' ').append(java.util.Arrays.toString(a.shape())));
            else if (y != null) sb.append(", y ").append(java.util.Arrays.toString(y.shape()));
            return sb + ")";
        }
        return "SequenceData(" + size() + " samples, x " + java.util.Arrays.toString(x.shape())
                + (y == null ? "" : ", y " + java.util.Arrays.toString(y.shape()))
                + (mask == null ? "" : ", mask " + java.util.Arrays.toString(mask.shape())) + ")";
    }

    /** 0..n-1 in a Fisher-Yates order drawn from {@code random}, or in order when it is null (shared with {@link ParallelText}). */
    static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (random == null) return order;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i]; order[i] = order[j]; order[j] = t;
        }
        return order;
    }

    private static INDArray rows(INDArray a, INDArray idx) {
        return Nd4j.pullRows(a.reshape(a.size(0), -1), 1, idx.toIntVector()).reshape(shapeWithRows(a, idx.length())).castTo(a.dataType());
    }

    private static long[] shapeWithRows(INDArray a, long rows) {
        long[] s = a.shape().clone();
        s[0] = rows;
        return s;
    }
}
