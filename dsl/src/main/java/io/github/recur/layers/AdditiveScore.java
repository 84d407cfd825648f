package io.github.recur.layers;

import io.github.recur.internal.FastMath;
import io.github.recur.internal.Vec;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Bahdanau's additive score {@code s_tj = vᵀ tanh(W_q q_t + W_k k_j)} with {@code query_weight [units, dq]},
 * {@code key_weight [units, dk]} and {@code score_weight [units]}, none with a bias (as d2l's
 * {@code AdditiveAttention}, three {@code nn.Linear(..., bias=False)}).
 */
final class AdditiveScore implements AttentionScore {
    private final int units;
    private Param queryWeight;
    private Param keyWeight;
    private Param scoreWeight;
    private INDArray query;
    private INDArray keys;
    private INDArray hidden; // tanh(W_q q_t + W_k k_j): [batch, Tq, Tk, units]
    private INDArray gradZ;  // ∂L/∂(W_q q_t + W_k k_j), same shape; kept between calls as hidden is
    private float[] scratch; // FLOAT tanh's working copy, kept between calls

    AdditiveScore(int units) {
        if (units <= 0) {
            throw new IllegalArgumentException("attention(\"additive\", units): units must be positive, got " + units);
        }
        this.units = units;
    }

    int units() { return units; }

    @Override public String kind() { return "additive"; }

    @Override public void build(int queryFeatures, int keyFeatures, Random rng, DataType dtype) {
        queryWeight = new Param("query_weight", Init.glorotUniform(rng, units, queryFeatures, queryFeatures, units, dtype), true);
        keyWeight = new Param("key_weight", Init.glorotUniform(rng, units, keyFeatures, keyFeatures, units, dtype), true);
        scoreWeight = new Param("score_weight", Init.glorotUniform(rng, 1, units, units, 1, dtype).reshape(units), true);
    }

    @Override public List<Param> params() { return List.of(queryWeight, keyWeight, scoreWeight); }

    @Override public INDArray scores(INDArray query, INDArray keys) {
        this.query = query;
        this.keys = keys;
        long b = query.size(0), tq = query.size(1), tk = keys.size(1);
        INDArray q = BatchMatrices.timesMatrix(query, queryWeight.value(), true); // [b, Tq, units]
        INDArray k = BatchMatrices.timesMatrix(keys, keyWeight.value(), true);    // [b, Tk, units]
        // hidden[b, t, j] = tanh(q[b, t] + k[b, j]): one broadcasting add, q as [b, Tq, 1, units], k as [b, 1, Tk, units]
        hidden = reuse(hidden, query.dataType(), b, tq, tk, units);
        Nd4j.exec(new AddOp(new INDArray[] {q.reshape('c', b, tq, 1, units), k.reshape('c', b, 1, tk, units)}, new INDArray[] {hidden}));
        hidden = tanhInPlace(hidden);
        return hidden.reshape('c', -1, units).mmul(scoreWeight.value().reshape(units, 1)).reshape('c', b, tq, tk);
    }

    /**
     * {@code old} when it already has this type and shape, else a new uninitialised array: the two
     * {@code [batch, Tq, Tk, units]} arrays are the largest of a training step, and ND4J returns an array's
     * memory only when the garbage collector finds it, so new ones every step mean fresh pages every step.
     */
    private static INDArray reuse(INDArray old, DataType dtype, long... shape) {
        if (old != null && old.dataType() == dtype && Arrays.equals(old.shape(), shape)) return old;
        return Nd4j.createUninitialized(dtype, shape);
    }

    /**
     * tanh of every element, in place: FLOAT arrays through {@link FastMath}'s loop, which C2 vectorises (ND4J's
     * tanh is a scalar libm call per element, and this array has batch × Tq × Tk × units of them).
     */
    private INDArray tanhInPlace(INDArray a) {
        if (a.dataType() != DataType.FLOAT || !Vec.fits(a)) return Transforms.tanh(a, false);
        int n = (int) a.length();
        if (scratch == null || scratch.length < n) scratch = new float[n];
        Vec v = Vec.of(a);
        v.getFloats(0, scratch, 0, n);
        FastMath.tanh(scratch, 0, n);
        v.putFloats(0, scratch, 0, n);
        return a;
    }

    @Override public INDArray[] backward(INDArray gradScores) {
        long b = query.size(0), tq = query.size(1), tk = keys.size(1);
        INDArray flatHidden = hidden.reshape('c', -1, units);
        INDArray g = gradScores.dup('c').reshape('c', -1, 1);                         // [b·Tq·Tk, 1]
        scoreWeight.grad().assign(flatHidden.transpose().mmul(g).reshape(units));     // Σ g · h
        // through tanh: ∂z = g v (1 − h²), g one value per (t, j) row, v one per unit column
        gradZ = reuse(gradZ, hidden.dataType(), b, tq, tk, units);
        flatHidden.mul(flatHidden, gradZ.reshape('c', -1, units)).rsubi(1.0).muliColumnVector(g).muliRowVector(scoreWeight.value().reshape(1, units));
        INDArray gradQ = gradZ.sum(2);  // z_tj = W_q q_t + W_k k_j: q's part sums over keys, k's over queries
        INDArray gradK = gradZ.sum(1);
        long dq = queryWeight.value().size(1), dk = keyWeight.value().size(1);
        Nd4j.gemm(gradQ.reshape('c', -1, units), query.reshape('c', -1, dq), queryWeight.grad(), true, false, 1.0, 0.0);
        Nd4j.gemm(gradK.reshape('c', -1, units), keys.reshape('c', -1, dk), keyWeight.grad(), true, false, 1.0, 0.0);
        return new INDArray[] {
                BatchMatrices.timesMatrix(gradQ, queryWeight.value(), false),
                BatchMatrices.timesMatrix(gradK, keyWeight.value(), false)};
    }
}
