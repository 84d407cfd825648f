package io.github.recur.train;

/**
 * Thrown by {@link Optimizer#step} before it changes any weight, when a parameter's gradient norm is
 * NaN or infinite (a finite loss can still give overflowing gradients). {@code fit} turns it into a
 * {@code TrainingDivergedException} with advice; the weights stay as they were.
 */
public final class NonFiniteGradientException extends ArithmeticException {
    private final String param;
    private final double norm;

    public NonFiniteGradientException(String param, double norm) {
        super("the gradient of " + param + " became " + norm);
        this.param = param;
        this.norm = norm;
    }

    /** The parameter's full name, e.g. {@code 0.weight_ih_l0}. */
    public String param() { return param; }

    /** Its gradient norm: NaN or infinite. */
    public double norm() { return norm; }
}
