package io.github.recur.text;

/**
 * What BLEU does with an n-gram order that has no match. Without smoothing ({@link #none()}, nltk's default and
 * the BLEU of the paper) one such order makes the score 0, which is right for a corpus but harsh for a single
 * short sentence; the smoothing methods of Chen and Cherry (2014), "A Systematic Comparison of Smoothing
 * Techniques for Sentence-Level BLEU", give such an order a small precision instead. Each factory here is the
 * method of nltk's {@code SmoothingFunction} named in its description, number for number.
 *
 * <pre>{@code
 * double score = bleu().smoothing(BleuSmoothing.epsilon(0.1)).sentence(references, hypothesis);
 * }</pre>
 *
 * <p>With every method, a corpus without a single unigram match scores 0 (as in nltk).
 */
public final class BleuSmoothing {
    private enum Method { NONE, EPSILON, ADD_ONE, NIST, LENGTH_SCALED_NIST }

    private final Method method;
    private final double epsilon;
    private final int k;

    private BleuSmoothing(Method method, double epsilon, int k) {
        this.method = method;
        this.epsilon = epsilon;
        this.k = k;
    }

    /** No smoothing (nltk's {@code method0}, the default): an order without a match with a weight above 0 makes BLEU 0. */
    public static BleuSmoothing none() { return new BleuSmoothing(Method.NONE, 0, 0); }

    /** {@link #epsilon(double)} with nltk's default epsilon 0.1: {@code SmoothingFunction().method1}. */
    public static BleuSmoothing epsilon() { return epsilon(0.1); }

    /**
     * Method 1 (nltk {@code SmoothingFunction(epsilon=e).method1}): an order with 0 matches gets precision
     * {@code epsilon / total}; the others are left as they are.
     */
    public static BleuSmoothing epsilon(double epsilon) {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("BleuSmoothing.epsilon: epsilon must be a finite number > 0 (nltk's default is 0.1), got "
                    + epsilon);
        }
        return new BleuSmoothing(Method.EPSILON, epsilon, 0);
    }

    /** Method 2 (nltk {@code method2}, Lin and Och 2004): every order above unigrams gets {@code (matches + 1) / (total + 1)}. */
    public static BleuSmoothing addOne() { return new BleuSmoothing(Method.ADD_ONE, 0, 0); }

    /**
     * Method 3 (nltk {@code method3}, NIST's mteval geometric smoothing): the i-th order without a match (i = 1, 2, ...
     * counting only such orders) gets precision {@code 1 / (2^i * total)}.
     */
    public static BleuSmoothing nist() { return new BleuSmoothing(Method.NIST, 0, 0); }

    /**
     * Method 4 (nltk {@code SmoothingFunction(k=k).method4}): as {@link #nist()}, with the i-th order's value
     * scaled by {@code ln(hypothesis length) / k}, so shorter translations get less; nltk's default k is 5. The
     * hypothesis length is the corpus' total. With a total length of 1 or less it leaves the orders without a
     * match out of the mean (as nltk).
     */
    public static BleuSmoothing lengthScaledNist(int k) {
        if (k < 1) throw new IllegalArgumentException("BleuSmoothing.lengthScaledNist: k must be >= 1 (nltk's default is 5), got " + k);
        return new BleuSmoothing(Method.LENGTH_SCALED_NIST, 0, k);
    }

    /** Whether this is {@link #none()}. */
    public boolean isNone() { return method == Method.NONE; }

    /**
     * The precision of each order from the corpus' matched and total n-gram counts (totals as nltk counts them:
     * at least 1 per sentence and order). An entry of 0 is left out of BLEU's geometric mean, except without
     * smoothing, where a 0 with a weight above 0 makes the score 0.
     */
    double[] precisions(long[] matches, long[] totals, long hypothesisLength) {
        double[] p = new double[matches.length];
        int zeroOrders = 0;
        for (int i = 0; i < p.length; i++) {
            double plain = (double) matches[i] / totals[i];
            p[i] = switch (method) {
                case NONE -> plain;
                case EPSILON -> matches[i] == 0 ? epsilon / totals[i] : plain;
                case ADD_ONE -> i == 0 ? plain : (double) (matches[i] + 1) / (totals[i] + 1);
                case NIST -> matches[i] == 0 ? 1 / (Math.pow(2, ++zeroOrders) * totals[i]) : plain;
                case LENGTH_SCALED_NIST -> matches[i] == 0 && hypothesisLength > 1
                        ? 1 / (Math.pow(2, ++zeroOrders) * k / Math.log(hypothesisLength)) / totals[i] : plain;
            };
        }
        return p;
    }

    @Override public String toString() {
        return switch (method) {
            case NONE -> "no smoothing";
            case EPSILON -> "epsilon " + epsilon + " (method 1)";
            case ADD_ONE -> "add one (method 2)";
            case NIST -> "NIST geometric (method 3)";
            case LENGTH_SCALED_NIST -> "length-scaled NIST, k " + k + " (method 4)";
        };
    }
}
