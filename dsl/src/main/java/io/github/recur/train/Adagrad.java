package io.github.recur.train;

import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adagrad with PyTorch's {@code torch.optim.Adagrad} semantics (eps 1e-10, initial accumulator 0,
 * no lr decay): {@code sum += g^2}, {@code w -= lr * g / (sqrt(sum) + eps)}.
 * Keras starts the accumulator at 0.1: {@code new Adagrad(0.01).initialAccumulator(0.1)}.
 *
 * <pre>{@code Adagrad opt = new Adagrad(0.01);}</pre>
 */
public final class Adagrad extends BaseOptimizer<Adagrad> {
    private double eps = 1e-10;
    private double initialAccumulator = 0;

    public Adagrad(double lr) {
        super(lr);
    }

    @Override public String type() { return "adagrad"; }

    /** A copy with the denominator term {@code eps > 0}. */
    public Adagrad eps(double eps) {
        checkPositive("eps", eps);
        Adagrad copy = copy();
        copy.eps = eps;
        return copy;
    }

    /** A copy whose squared-gradient sums start at {@code v >= 0}. */
    public Adagrad initialAccumulator(double v) {
        checkNonNegative("initialAccumulator", v);
        Adagrad copy = copy();
        copy.initialAccumulator = v;
        return copy;
    }

    public double eps() { return eps; }
    public double initialAccumulator() { return initialAccumulator; }

    @Override
    protected Adagrad copy() {
        Adagrad a = withBaseSettingsOf(new Adagrad(learningRate() > 0 ? learningRate() : 1));
        a.eps = eps;
        a.initialAccumulator = initialAccumulator;
        return a;
    }

    @Override protected Set<String> slots() { return Set.of("sum"); }

    @Override
    protected void update(String name, INDArray value, INDArray grad, double lr) {
        INDArray sum = slot(name, "sum", value, initialAccumulator);
        sum.addi(grad.mul(grad));
        INDArray denom = Transforms.sqrt(sum, true).addi(eps);
        value.subi(grad.div(denom).muli(lr));
    }

    @Override
    protected void putHyperparameters(Map<String, Object> c) {
        c.put("eps", eps);
        c.put("initialAccumulator", initialAccumulator);
    }

    @Override
    protected void describeHyperparameters(StringBuilder sb) {
        if (eps != 1e-10) sb.append(", eps=").append(fmt(eps));
        if (initialAccumulator != 0) sb.append(", initialAccumulator=").append(fmt(initialAccumulator));
    }
}
