package io.github.recur.layers;

import io.github.recur.internal.Vec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Token ids to vectors: input {@code [batch, time]} of integer ids (stored as numbers), output
 * {@code [batch, time, dim]}; {@code weight [vocab, dim]} as PyTorch's {@code nn.Embedding},
 * initialised U(−0.05, 0.05) as Keras. With {@link #maskZero()} id 0 is padding: it produces the
 * mask for the layers after it (as Keras' {@code mask_zero=True}).
 *
 * <pre>{@code sequential(embedding(5000, 64).maskZero(), lstm(64), dense(1, "sigmoid"))}</pre>
 */
public final class Embedding extends Layer {
    private final int vocabulary;
    private final int dimension;
    private final boolean maskZero;

    private Param weight;
    private int[] lastIds;
    /** Reused between batches (float models): the table, the gathered rows or incoming gradient, the gradient sums. */
    private float[] table, rows, sums;

    public Embedding(int vocabulary, int dimension, boolean maskZero) {
        if (vocabulary <= 0) throw new IllegalArgumentException("embedding: vocabulary size must be positive, got " + vocabulary);
        if (dimension <= 0) throw new IllegalArgumentException("embedding: dimension must be positive, got " + dimension);
        this.vocabulary = vocabulary;
        this.dimension = dimension;
        this.maskZero = maskZero;
    }

    /** A copy that treats id 0 as padding and masks it. */
    public Embedding maskZero() { return keepName(new Embedding(vocabulary, dimension, true)); }

    public int vocabulary() { return vocabulary; }
    public int dimension() { return dimension; }
    public boolean masksZero() { return maskZero; }

    @Override public String type() { return "embedding"; }

    @Override public Map<String, Object> config() {
        var m = new LinkedHashMap<String, Object>();
        m.put("vocabulary", vocabulary);
        m.put("dimension", dimension);
        m.put("mask_zero", maskZero);
        return m;
    }

    @Override public Embedding fresh() { return keepName(new Embedding(vocabulary, dimension, maskZero)); }

    @Override public boolean takesTokenIds() { return true; }

    @Override public String details() { return vocabulary + " × " + dimension + (maskZero ? ", mask 0" : ""); }

    @Override public int outputFeatures(int inputFeatures) {
        if (inputFeatures != 1) {
            throw error("expects token ids [batch, time] (one id per step) but got " + inputFeatures
                    + " features per step; pass ids, not one-hot vectors");
        }
        return dimension;
    }

    @Override public void build(int inputFeatures, boolean inputIsSequence, Random rng, DataType dtype) {
        weight = new Param("weight", Init.uniform(rng, vocabulary, dimension, 0.05, dtype), true);
    }

    @Override public List<Param> params() { return List.of(weight); }

    /** Input: time-major ids {@code [time, batch]} or {@code [time, batch, 1]}. */
    @Override public INDArray forward(INDArray input, INDArray mask, boolean training, Random rng) {
        long t = input.size(0), b = input.size(1);
        int[] ids = ids(input);
        lastIds = ids;
        INDArray w = weight.value();
        if (w.dataType() != DataType.FLOAT) return Nd4j.pullRows(w, 1, ids).reshape('c', t, b, dimension);
        // Rows gathered in a Java array and written to native memory in one bulk copy: far faster than
        // ND4J's pullRows for many short rows (bench/RESULTS.md, the IMDB row).
        table = read(w, table);
        int n = ids.length * dimension;
        if (rows == null || rows.length < n) rows = new float[n];
        for (int r = 0; r < ids.length; r++) System.arraycopy(table, ids[r] * dimension, rows, r * dimension, dimension);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, t, b, dimension);
        Vec.of(out).putFloats(0, rows, 0, n);
        return out;
    }

    private int[] ids(INDArray input) {
        double[] raw = input.castTo(DataType.DOUBLE).data().asDouble();
        int[] ids = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            double v = raw[i];
            if (v != Math.rint(v) || v < 0 || v >= vocabulary) {
                throw error("token id " + v + " is outside the vocabulary [0, " + vocabulary
                        + "); use a larger vocabulary or map unknown tokens to an out-of-vocabulary id");
            }
            ids[i] = (int) v;
        }
        return ids;
    }

    /** A FLOAT array's values in c order, into {@code into} when it is large enough. */
    private static float[] read(INDArray a, float[] into) {
        INDArray c = Vec.fits(a) && a.dataType() == DataType.FLOAT ? a : a.dup('c');
        int n = (int) c.length();
        float[] out = into != null && into.length >= n ? into : new float[n];
        Vec.of(c).getFloats(0, out, 0, n);
        java.lang.ref.Reference.reachabilityFence(c); // the Vec read c's native memory
        return out;
    }

    @Override public INDArray outputMask(INDArray inputMask, INDArray input) {
        if (!maskZero) return inputMask;
        INDArray m = input.reshape(input.size(0), input.size(1)).neq(0).castTo(input.dataType());
        return inputMask == null ? m : m.muli(inputMask);
    }

    @Override public INDArray backward(INDArray gradOutput) {
        int[] ids = lastIds;
        if (weight.grad().dataType() == DataType.FLOAT) {
            // The gradient rows of each id add up in the order of the ids, in float, as in the loop below.
            float[] g = rows = read(gradOutput, rows);
            int d = dimension, n = vocabulary * d;
            if (sums == null || sums.length != n) sums = new float[n];
            else java.util.Arrays.fill(sums, 0f);
            float[] sum = sums; // locals, so the JIT keeps them in registers and vectorises the row add
            for (int r = 0; r < ids.length; r++) {
                int to = ids[r] * d, from = r * d;
                for (int j = 0; j < d; j++) sum[to + j] += g[from + j];
            }
            Vec.of(weight.grad()).putFloats(0, sum, 0, n);
            return null; // ids are not differentiable
        }
        INDArray g = gradOutput.reshape('c', ids.length, dimension).dup('c');
        INDArray grad = weight.grad();
        grad.assign(0);
        if (Vec.fits(g) && Vec.fits(grad)) {
            Vec src = Vec.of(g), dst = Vec.of(grad);
            for (int r = 0; r < ids.length; r++) {
                int to = ids[r] * dimension, from = r * dimension;
                for (int j = 0; j < dimension; j++) dst.add(to + j, src.get(from + j));
            }
        } else { // the reference path: ND4J operations, a row at a time
            for (int r = 0; r < ids.length; r++) grad.getRow(ids[r]).addi(g.getRow(r));
        }
        return null; // ids are not differentiable
    }
}
