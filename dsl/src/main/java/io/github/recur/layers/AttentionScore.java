package io.github.recur.layers;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How well each query step matches each key step: {@code scores[b, t, j]} for queries
 * {@code [batch, Tq, dq]} and keys {@code [batch, Tk, dk]}. One implementation per kind of attention
 * (Luong's dot and general, Bahdanau's additive); {@link Attention} does the masked softmax and the
 * weighted sum around it.
 */
interface AttentionScore {

    /** "dot", "general" or "additive", as {@code attention(...)} names it. */
    String kind();

    /** Creates the weights for these feature sizes; refuses sizes the score cannot combine. */
    void build(int queryFeatures, int keyFeatures, Random rng, DataType dtype);

    List<Param> params();

    /** {@code [batch, Tq, Tk]}; remembers what {@link #backward} needs. */
    INDArray scores(INDArray query, INDArray keys);

    /**
     * From ∂L/∂scores to ∂L/∂query and ∂L/∂keys (in that order), filling the parameters' gradients;
     * for the last {@link #scores} call.
     */
    INDArray[] backward(INDArray gradScores);
}
