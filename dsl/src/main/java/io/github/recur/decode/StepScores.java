package io.github.recur.decode;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A step's log-probabilities read into doubles, row-major {@code [rows, vocabulary]}, after checking them. */
final class StepScores {
    /** How far above 0 a log-probability may lie: log(softmax) in float rounds the log of a probability near 1 to a few 1e-8. */
    private static final double ABOVE_ZERO = 1e-6;

    final double[] values;
    final int rows;
    final int vocabulary;

    private StepScores(double[] values, int rows, int vocabulary) {
        this.values = values;
        this.rows = rows;
        this.vocabulary = vocabulary;
    }

    double get(int row, int token) { return values[row * vocabulary + token]; }

    /**
     * Calls the step and checks what it returned.
     *
     * @param vocabulary the vocabulary size of earlier steps, or 0 on the first
     * @param batchRow   for each step row the batch row it belongs to (for the messages)
     */
    static StepScores next(String search, DecoderStep step, int[] previousTokens, int t, int vocabulary, int endToken, int[] batchRow) {
        INDArray out = step.logProbabilities(previousTokens.clone());
        int rows = previousTokens.length;
        String where = search + ", step " + t + ": ";
        if (out == null) {
            throw new IllegalArgumentException(where + "the decoder step returned null; it must return log-probabilities [" + rows + ", vocabulary]");
        }
        if (out.rank() != 2 || out.size(0) != rows) {
            throw new IllegalArgumentException(where + "the decoder step returned log-probabilities of shape " + Arrays.toString(out.shape())
                    + " for " + rows + " rows; it must return [" + rows + ", vocabulary], one row per previous token in the same order");
        }
        int v = Math.toIntExact(out.size(1));
        if (v < 1) throw new IllegalArgumentException(where + "the decoder step returned no tokens (shape " + Arrays.toString(out.shape()) + ")");
        if (vocabulary != 0 && v != vocabulary) {
            throw new IllegalArgumentException(where + "the decoder step returned " + v + " tokens per row after " + vocabulary
                    + " in the steps before; the vocabulary must stay the same");
        }
        if (endToken >= v) {
            throw new IllegalArgumentException(search + ": endToken " + endToken + " is not a token of the decoder step's vocabulary of " + v
                    + " (log-probabilities [" + rows + ", " + v + "]); use the end token's id, below " + v);
        }
        double[] values = out.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < rows; i++) {
            boolean possible = false;
            for (int k = 0; k < v; k++) {
                double x = values[i * v + k];
                if (Double.isNaN(x)) {
                    throw new IllegalArgumentException(where + "the decoder step returned NaN as the log-probability of token " + k + " in row " + i
                            + " (of sentence " + batchRow[i] + "); the model's output is not a number there (check its weights and inputs)");
                }
                if (x > ABOVE_ZERO) {
                    throw new IllegalArgumentException(where + "the decoder step returned " + x + " for token " + k + " in row " + i + " (of sentence "
                            + batchRow[i] + "), but a log-probability is <= 0; return a log-softmax, not logits or probabilities");
                }
                possible |= x > Double.NEGATIVE_INFINITY;
            }
            if (!possible) {
                throw new IllegalArgumentException(where + "every log-probability of row " + i + " (of sentence " + batchRow[i]
                        + ") is -Infinity: no token can come next; a log-softmax gives at least one token a finite value");
            }
        }
        return new StepScores(values, rows, v);
    }
}
