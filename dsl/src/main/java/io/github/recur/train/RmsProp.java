package io.github.recur.train;

import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * RMSprop with PyTorch's {@code torch.optim.RMSprop} formula and defaults: {@code alpha = 0.99},
 * {@code eps = 1e-8}, no momentum, not centered:
 * {@code v = alpha v + (1-alpha) g^2}, {@code w -= lr * g / (sqrt(v) + eps)}.
 * Centered: the denominator is {@code sqrt(v - gAvg^2) + eps} with {@code gAvg} the running mean of
 * {@code g}; with momentum {@code buf = m buf + g / denom}, {@code w -= lr buf}.
 *
 * <p>Keras users: {@code alpha} is Keras' {@code rho}, whose Keras default is 0.9 (and eps 1e-7);
 * write {@code new RmsProp(1e-3).alpha(0.9)} to get Keras' smoothing.
 *
 * <pre>{@code RmsProp opt = new RmsProp(1e-3).alpha(0.9);}</pre>
 */
public final class RmsProp extends BaseOptimizer<RmsProp> {
    private double alpha = 0.99;
    private double eps = 1e-8;
    private double momentum = 0;
    private boolean centered;

    public RmsProp(double lr) {
        super(lr);
    }

    @Override public String type() { return "rmsprop"; }

    /** A copy with the squared-gradient smoothing constant in [0, 1) (Keras' rho). */
    public RmsProp alpha(double alpha) {
        checkUnitInterval("alpha", alpha);
        RmsProp copy = copy();
        copy.alpha = alpha;
        return copy;
    }

    /** A copy with the denominator term {@code eps > 0}. */
    public RmsProp eps(double eps) {
        checkPositive("eps", eps);
        RmsProp copy = copy();
        copy.eps = eps;
        return copy;
    }

    /** A copy with momentum in [0, 1). */
    public RmsProp momentum(double m) {
        checkUnitInterval("momentum", m);
        RmsProp copy = copy();
        copy.momentum = m;
        return copy;
    }

    /** A copy that normalizes by the centered second moment (variance estimate). */
    public RmsProp centered() {
        RmsProp copy = copy();
        copy.centered = true;
        return copy;
    }

    public double alpha() { return alpha; }
    public double eps() { return eps; }
    public double momentum() { return momentum; }
    public boolean isCentered() { return centered; }

    @Override
    protected RmsProp copy() {
        RmsProp r = withBaseSettingsOf(new RmsProp(learningRate() > 0 ? learningRate() : 1));
        r.alpha = alpha;
        r.eps = eps;
        r.momentum = momentum;
        r.centered = centered;
        return r;
    }

    @Override protected Set<String> slots() { return Set.of("square_avg", "grad_avg", "momentum_buffer"); }

    @Override
    protected void update(String name, INDArray value, INDArray grad, double lr) {
        INDArray sq = slot(name, "square_avg", value, 0);
        sq.muli(alpha).addi(grad.mul(grad).muli(1 - alpha));
        INDArray denom;
        if (centered) {
            INDArray ga = slot(name, "grad_avg", value, 0);
            ga.muli(alpha).addi(grad.mul(1 - alpha));
            denom = Transforms.sqrt(sq.sub(ga.mul(ga)), false).addi(eps);
        } else {
            denom = Transforms.sqrt(sq, true).addi(eps);
        }
        if (momentum > 0) {
            INDArray buf = slot(name, "momentum_buffer", value, 0);
            buf.muli(momentum).addi(grad.div(denom));
            value.subi(buf.mul(lr));
        } else {
            value.subi(grad.div(denom).muli(lr));
        }
    }

    @Override
    protected void putHyperparameters(Map<String, Object> c) {
        c.put("alpha", alpha);
        c.put("eps", eps);
        c.put("momentum", momentum);
        c.put("centered", centered);
    }

    @Override
    protected void describeHyperparameters(StringBuilder sb) {
        if (alpha != 0.99) sb.append(", alpha=").append(fmt(alpha));
        if (eps != 1e-8) sb.append(", eps=").append(fmt(eps));
        if (momentum != 0) sb.append(", momentum=").append(fmt(momentum));
        if (centered) sb.append(", centered");
    }
}
