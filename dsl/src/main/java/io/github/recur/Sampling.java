package io.github.recur;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Draws a class from predicted probabilities with a temperature: p_i^(1/τ), renormalised.
 * τ → 0 approaches the most likely class (greedy), τ = 1 samples the model's distribution,
 * τ > 1 flattens it (more surprising text).
 *
 * <pre>{@code int next = sample(model.step(x), 0.8, rng);}</pre>
 */
final class Sampling {
    private Sampling() {}

    static int sample(INDArray probabilities, double temperature, Random rng) {
        if (probabilities == null) throw new IllegalArgumentException("sample: probabilities is null; pass one row, e.g. model.step(x)");
        if (rng == null) throw new IllegalArgumentException("sample: rng is null; pass e.g. new Random(42)");
        if (!(temperature > 0)) throw new IllegalArgumentException("sample: temperature must be > 0, got " + temperature);
        if (probabilities.length() != probabilities.size(probabilities.rank() - 1)) {
            throw new IllegalArgumentException("sample: expects one row of probabilities [classes] or [1, classes], got "
                    + java.util.Arrays.toString(probabilities.shape()) + "; sample each row separately");
        }
        double[] p = probabilities.castTo(DataType.DOUBLE).data().asDouble();
        if (probabilities.offset() != 0 || p.length != probabilities.length()) p = probabilities.dup().castTo(DataType.DOUBLE).data().asDouble();
        double max = Double.NEGATIVE_INFINITY;
        double[] logits = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 0 || !Double.isFinite(p[i])) {
                throw new IllegalArgumentException("sample: probabilities must be finite and >= 0, got " + p[i] + " at class " + i
                        + "; end the model with dense(classes, \"softmax\")");
            }
            logits[i] = p[i] == 0 ? Double.NEGATIVE_INFINITY : Math.log(p[i]) / temperature;
            max = Math.max(max, logits[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) throw new IllegalArgumentException("sample: all probabilities are zero");
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += (logits[i] = Math.exp(logits[i] - max));
        double u = rng.nextDouble() * sum;
        for (int i = 0; i < p.length; i++) {
            u -= logits[i];
            if (u <= 0) return i;
        }
        return p.length - 1;
    }
}
