package io.github.recur.train;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Perplexity, {@code "perplexity"}: {@code exp} of the mean negative log-probability the model gives
 * the true next token, {@code exp(-1/N sum_i ln p_i(target_i))} over every scored position of the
 * epoch (not the mean of per-batch perplexities). It is the number of equally likely choices the model
 * is as unsure as: 1 is certainty, the vocabulary size is a uniform guess. With the same clipping as
 * {@link SparseCategoricalCrossentropy} it equals {@code exp(loss)} of that loss.
 *
 * <p>Targets are class indices ({@code [N, 1]}, as sparse categorical cross-entropy takes them) or
 * one-hot rows ({@code [N, C]}); predictions are probabilities (a softmax output) unless
 * {@link #fromLogits()}. Masked rows (weight 0) do not count.
 *
 * <pre>{@code
 * model.compile(adam(3e-3), sparseCategoricalCrossentropy(), metrics(perplexity()));
 * double ppl = model.evaluate(heldOutX, heldOutY).get("perplexity");
 * }</pre>
 */
public final class Perplexity implements Metric {
    /** The clipping of probabilities that the cross-entropy losses use (Keras' epsilon). */
    private static final double EPSILON = BinaryCrossentropy.EPSILON;

    private final boolean fromLogits;

    /** Perplexity of probability outputs. */
    public Perplexity() {
        this(false);
    }

    /** @param fromLogits whether the predictions are raw scores (a log-softmax is applied) */
    public Perplexity(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    /** A copy for models whose outputs are raw scores (logits). */
    public Perplexity fromLogits() {
        return new Perplexity(true);
    }

    public boolean isFromLogits() { return fromLogits; }

    @Override public String name() { return "perplexity"; }

    /** {sum of -ln p(target) over the weighted rows, sum of weights}. */
    @Override
    public double[] sumAndWeight(INDArray pred, INDArray target, INDArray weights) {
        MetricSupport.checkPred(name(), pred);
        long n = pred.size(0), c = pred.size(1);
        if (c < 2) {
            throw new IllegalArgumentException(name() + ": needs a distribution over at least 2 classes per row, got predictions "
                    + Arrays.toString(pred.shape()) + "; perplexity is for softmax outputs (e.g. dense(vocabularySize, \"softmax\"))");
        }
        if (target == null) throw new IllegalArgumentException(name() + ": target must not be null");
        int rows = Math.toIntExact(n), cols = Math.toIntExact(c);
        double[] p = pred.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] nll = new double[rows];
        if (target.rank() == 2 && target.size(0) == n && target.size(1) == c) {
            double[] t = target.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            for (int i = 0; i < rows; i++) {
                double norm = rowNorm(p, i, cols);
                for (int k = 0; k < cols; k++) {
                    if (t[i * cols + k] != 0) nll[i] -= t[i * cols + k] * logProbability(p, i, k, cols, norm);
                }
            }
        } else if (target.length() == n && (target.rank() == 1 || (target.rank() == 2 && target.size(1) == 1))) {
            double[] idx = target.castTo(DataType.DOUBLE).reshape(n).dup('c').data().asDouble();
            for (int i = 0; i < rows; i++) {
                double v = idx[i];
                if (!(v >= 0 && v < c) || v != Math.rint(v)) {
                    throw new IllegalArgumentException(name() + ": target at row " + i + " is " + v + ", not a class index for "
                            + c + " classes; targets must be integers 0.." + (c - 1));
                }
                nll[i] = -logProbability(p, i, (int) v, cols, rowNorm(p, i, cols));
            }
        } else {
            throw new IllegalArgumentException(name() + ": target shape " + Arrays.toString(target.shape())
                    + " fits neither class indices [" + n + ", 1] nor one-hot rows [" + n + ", " + c + "] for predictions "
                    + Arrays.toString(pred.shape()));
        }
        return MetricSupport.weighted(name(), Nd4j.createFromArray(nll), weights);
    }

    /**
     * What a row's probabilities are divided by: their sum (renormalised as the cross-entropy losses do;
     * guarded against 0), or for logits the log of the sum of exponentials, shifted by the row's maximum.
     */
    private double rowNorm(double[] p, int row, int cols) {
        if (!fromLogits) {
            double s = 0;
            for (int k = 0; k < cols; k++) s += p[row * cols + k];
            return Math.max(s, 1e-30);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < cols; k++) max = Math.max(max, p[row * cols + k]);
        double s = 0;
        for (int k = 0; k < cols; k++) s += Math.exp(p[row * cols + k] - max);
        return max + Math.log(s);
    }

    /** ln p(k) of one row: clipped to [eps, 1 - eps] for probabilities, a stable log-softmax for logits. */
    private double logProbability(double[] p, int row, int k, int cols, double norm) {
        if (fromLogits) return p[row * cols + k] - norm;
        return Math.log(Math.min(Math.max(p[row * cols + k] / norm, EPSILON), 1 - EPSILON));
    }

    /** exp of the epoch's mean negative log-probability. */
    @Override
    public double finish(double mean) {
        return Math.exp(mean);
    }

    @Override public String toString() { return fromLogits ? name() + "(fromLogits)" : name(); }
}
