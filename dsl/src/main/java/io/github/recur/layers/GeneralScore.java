package io.github.recur.layers;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Luong's general score {@code s_tj = q_t · (W k_j)}, {@code weight [dq, dk]} (PyTorch's
 * {@code nn.Linear(dk, dq, bias=False)} applied to the keys).
 */
final class GeneralScore implements AttentionScore {
    private Param weight;
    private INDArray query;
    private INDArray projectedKeys; // W k_j for every key: [batch, Tk, dq]
    private INDArray keys;

    @Override public String kind() { return "general"; }

    @Override public void build(int queryFeatures, int keyFeatures, Random rng, DataType dtype) {
        weight = new Param("weight", Init.glorotUniform(rng, queryFeatures, keyFeatures, keyFeatures, queryFeatures, dtype), true);
    }

    @Override public List<Param> params() { return List.of(weight); }

    @Override public INDArray scores(INDArray query, INDArray keys) {
        this.query = query;
        this.keys = keys;
        projectedKeys = BatchMatrices.timesMatrix(keys, weight.value(), true);
        return BatchMatrices.times(query, projectedKeys, false, true);
    }

    @Override public INDArray[] backward(INDArray gradScores) {
        INDArray gradQuery = BatchMatrices.times(gradScores, projectedKeys, false, false);
        INDArray gradProjected = BatchMatrices.times(gradScores, query, true, false); // [batch, Tk, dq]
        // W k_j: ∂W = Σ_bj g_j k_jᵀ, ∂k_j = Wᵀ g_j
        long dq = weight.value().size(0), dk = weight.value().size(1);
        Nd4j.gemm(gradProjected.reshape('c', -1, dq), keys.reshape('c', -1, dk), weight.grad(), true, false, 1.0, 0.0);
        INDArray gradKeys = BatchMatrices.timesMatrix(gradProjected, weight.value(), false);
        return new INDArray[] {gradQuery, gradKeys};
    }
}
