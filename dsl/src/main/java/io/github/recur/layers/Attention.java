package io.github.recur.layers;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Attention over a sequence of values (an encoder's outputs), the values also serving as keys:
 * for each query step t, weights {@code a_t = softmax_j(score(q_t, v_j))} over the valid value steps
 * (padding gets weight 0) and the context {@code c_t = Σ_j a_tj v_j}.
 * Scores: Luong's {@code "dot"} ({@code q·v}) and {@code "general"} ({@code q·W v}), Bahdanau's
 * {@code "additive"} ({@code wᵀ tanh(W_q q + W_k v)}). The weights of the last pass stay readable
 * ({@link #weights()}, {@code [batch, Tq, Tv]}) for a heatmap.
 *
 * <pre>{@code
 * Attention att = Attention.of("general");
 * att.build(256, 256, new Random(1), DataType.FLOAT);
 * INDArray context = att.forward(decoderOutputs, encoderOutputs, sourceMask); // [batch, Tq, 256]
 * }</pre>
 */
public final class Attention {
    private final AttentionScore score;
    private INDArray values;
    private INDArray weights;
    private int queryFeatures = -1;
    private int valueFeatures = -1;

    private Attention(AttentionScore score) {
        this.score = score;
    }

    /** {@code "dot"}, {@code "general"}, or {@code "additive"} (then with as many units as the query has features: use {@link #additive}). */
    public static Attention of(String kind) {
        if (kind == null) throw new IllegalArgumentException("attention: kind is null; use \"dot\", \"general\" or \"additive\"");
        switch (kind) {
            case "dot": case "luong": return new Attention(new DotScore());
            case "general": return new Attention(new GeneralScore());
            case "additive": case "bahdanau":
                throw new IllegalArgumentException("attention: \"" + kind + "\" attention learns a score with its own "
                        + "number of units; use Attention.additive(units), e.g. additive(128)");
            default:
                throw new IllegalArgumentException("attention: unknown kind \"" + kind + "\"; use \"dot\", \"general\" "
                        + "or additive(units) (Bahdanau)");
        }
    }

    /** Bahdanau's additive attention with {@code units} hidden units in its score. */
    public static Attention additive(int units) {
        return new Attention(new AdditiveScore(units));
    }

    /** "dot", "general" or "additive". */
    public String kind() { return score.kind(); }

    /** Creates the score's weights for queries of {@code queryFeatures} and values of {@code valueFeatures}. */
    public void build(int queryFeatures, int valueFeatures, Random rng, DataType dtype) {
        if (queryFeatures <= 0 || valueFeatures <= 0) {
            throw new IllegalArgumentException("attention: feature sizes must be positive, got query " + queryFeatures
                    + " and values " + valueFeatures);
        }
        if (rng == null || dtype == null) throw new IllegalArgumentException("attention: rng and dtype must not be null");
        score.build(queryFeatures, valueFeatures, rng, dtype);
        this.queryFeatures = queryFeatures;
        this.valueFeatures = valueFeatures;
    }

    public List<Param> params() { return score.params(); }

    /**
     * The context {@code [batch, Tq, valueFeatures]} for queries {@code [batch, Tq, queryFeatures]} over
     * values {@code [batch, Tv, valueFeatures]}; {@code valuesMask [batch, Tv]} (1 = real step, 0 =
     * padding) or null when every step is real.
     */
    public INDArray forward(INDArray query, INDArray values, INDArray valuesMask) {
        check(query, values, valuesMask);
        this.values = values;
        weights = maskedSoftmax(score.scores(query, values), valuesMask);
        return BatchMatrices.times(weights, values, false, false);
    }

    /** The attention weights of the last {@link #forward}: {@code [batch, Tq, Tv]}, each row summing to 1. */
    public INDArray weights() {
        if (weights == null) throw new IllegalStateException("attention: no weights yet; call forward first");
        return weights;
    }

    /** From ∂L/∂context to {∂L/∂query, ∂L/∂values}, filling the parameters' gradients. */
    public INDArray[] backward(INDArray gradContext) {
        if (weights == null) throw new IllegalStateException("attention: backward before forward");
        if (!Arrays.equals(gradContext.shape(), new long[] {weights.size(0), weights.size(1), values.size(2)})) {
            throw new IllegalArgumentException("attention: the context's gradient has shape " + Arrays.toString(gradContext.shape())
                    + " but the context was [" + weights.size(0) + ", " + weights.size(1) + ", " + values.size(2) + "]");
        }
        INDArray gradWeights = BatchMatrices.times(gradContext, values, false, true);        // [b, Tq, Tv]
        INDArray gradValues = BatchMatrices.times(weights, gradContext, true, false);        // through c = a·v
        // softmax: ∂s = a ⊙ (∂a − Σ_j a_j ∂a_j); padded steps have a = 0, so they get none
        INDArray rowDot = gradWeights.mul(weights).sum(true, 2);
        INDArray gradScores = weights.mul(gradWeights.subi(rowDot));
        INDArray[] fromScore = score.backward(gradScores);
        return new INDArray[] {fromScore[0], gradValues.addi(fromScore[1])};           // the values are the keys too
    }

    private static INDArray maskedSoftmax(INDArray scores, INDArray mask) {
        INDArray s = scores.dup();
        if (mask != null) {
            // a padded step must not win the max either: push it far below every real score
            INDArray blocked = mask.castTo(s.dataType()).rsub(1.0).muli(1e30);
            s.subi(blocked.reshape(mask.size(0), 1, mask.size(1)).broadcast(s.shape()));
        }
        s.subi(s.max(true, 2).broadcast(s.shape()));
        INDArray e = Transforms.exp(s, false);
        if (mask != null) e.muli(mask.castTo(s.dataType()).reshape(mask.size(0), 1, mask.size(1)).broadcast(s.shape()));
        return e.divi(e.sum(true, 2).broadcast(s.shape()));
    }

    private void check(INDArray query, INDArray values, INDArray mask) {
        if (queryFeatures < 0) throw new IllegalStateException("attention: not built; call build(queryFeatures, valueFeatures, rng, dtype) first");
        if (query == null || values == null) throw new IllegalArgumentException("attention: query and values must not be null");
        if (query.rank() != 3 || values.rank() != 3) {
            throw new IllegalArgumentException("attention: query and values must be [batch, time, features], got query "
                    + Arrays.toString(query.shape()) + " and values " + Arrays.toString(values.shape()));
        }
        if (query.size(0) != values.size(0)) {
            throw new IllegalArgumentException("attention: the query has " + query.size(0) + " examples but the values have "
                    + values.size(0) + "; pass the encoder outputs of the same batch");
        }
        if (query.size(2) != queryFeatures || values.size(2) != valueFeatures) {
            throw new IllegalArgumentException("attention: built for queries of " + queryFeatures + " and values of "
                    + valueFeatures + " features, got " + query.size(2) + " and " + values.size(2));
        }
        if (values.size(1) == 0 || query.size(1) == 0) {
            throw new IllegalArgumentException("attention: query and values need at least one time step, got query "
                    + Arrays.toString(query.shape()) + " and values " + Arrays.toString(values.shape()));
        }
        if (mask == null) return;
        if (mask.rank() != 2 || mask.size(0) != values.size(0) || mask.size(1) != values.size(1)) {
            throw new IllegalArgumentException("attention: the values' mask must be [batch, Tv] = [" + values.size(0) + ", "
                    + values.size(1) + "], got " + Arrays.toString(mask.shape()));
        }
        INDArray valid = mask.castTo(DataType.DOUBLE).sum(1);
        for (int b = 0; b < valid.length(); b++) {
            if (valid.getDouble(b) <= 0) {
                throw new IllegalArgumentException("attention: example " + b + " has no valid value step (its mask is all "
                        + "zeros), so there is nothing to attend to; drop empty source sequences or give each at least one token");
            }
        }
    }
}
