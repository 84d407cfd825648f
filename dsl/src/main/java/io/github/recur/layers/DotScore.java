package io.github.recur.layers;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Luong's dot score {@code s_tj = q_t · k_j}: no weights; query and keys must have the same size. */
final class DotScore implements AttentionScore {
    private INDArray query;
    private INDArray keys;

    @Override public String kind() { return "dot"; }

    @Override public void build(int queryFeatures, int keyFeatures, Random rng, DataType dtype) {
        if (queryFeatures != keyFeatures) {
            throw new IllegalArgumentException("attention(\"dot\"): the query has " + queryFeatures
                    + " features but the keys have " + keyFeatures + "; dot scores need equal sizes. Use "
                    + "attention(\"general\") or attention(\"additive\"), which learn a map between them");
        }
    }

    @Override public List<Param> params() { return List.of(); }

    @Override public INDArray scores(INDArray query, INDArray keys) {
        this.query = query;
        this.keys = keys;
        return BatchMatrices.times(query, keys, false, true);
    }

    @Override public INDArray[] backward(INDArray gradScores) {
        return new INDArray[] {
                BatchMatrices.times(gradScores, keys, false, false),   // ∂/∂q_t = Σ_j g_tj k_j
                BatchMatrices.times(gradScores, query, true, false)};  // ∂/∂k_j = Σ_t g_tj q_t
    }
}
