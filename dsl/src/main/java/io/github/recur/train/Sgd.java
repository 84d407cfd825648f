package io.github.recur.train;

import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with optional momentum and Nesterov momentum, with PyTorch's
 * {@code torch.optim.SGD} semantics (dampening 0): the first momentum step sets the buffer to the
 * gradient, later ones {@code buf = m buf + g}; the step is {@code buf} (or {@code g + m buf} with
 * Nesterov); {@code w -= lr * step}.
 *
 * <pre>{@code Sgd opt = new Sgd(0.1).momentum(0.9).nesterov();}</pre>
 */
public final class Sgd extends BaseOptimizer<Sgd> {
    private double momentum;
    private boolean nesterov;

    public Sgd(double lr) {
        super(lr);
    }

    @Override public String type() { return "sgd"; }

    /** A copy with momentum {@code m} in [0, 1) (0 = plain SGD). */
    public Sgd momentum(double m) {
        checkUnitInterval("momentum", m);
        if (nesterov && m == 0) {
            throw new IllegalArgumentException("sgd: nesterov needs momentum > 0, got momentum(0.0)");
        }
        Sgd copy = copy();
        copy.momentum = m;
        return copy;
    }

    /** A copy using Nesterov momentum; call {@link #momentum(double)} first, e.g. {@code new Sgd(0.1).momentum(0.9).nesterov()}. */
    public Sgd nesterov() {
        if (momentum == 0) {
            throw new IllegalArgumentException("sgd: nesterov needs momentum > 0; call momentum(m) first, "
                    + "e.g. new Sgd(0.1).momentum(0.9).nesterov()");
        }
        Sgd copy = copy();
        copy.nesterov = true;
        return copy;
    }

    public double momentum() { return momentum; }
    public boolean isNesterov() { return nesterov; }

    @Override
    protected Sgd copy() {
        Sgd s = withBaseSettingsOf(new Sgd(learningRate() > 0 ? learningRate() : 1));
        s.momentum = momentum;
        s.nesterov = nesterov;
        return s;
    }

    @Override
    protected Set<String> slots() { return Set.of("momentum_buffer"); }

    @Override
    protected void update(String name, INDArray value, INDArray grad, double lr) {
        INDArray d = grad;
        if (momentum != 0) {
            boolean first = !hasSlot(name, "momentum_buffer");
            INDArray buf = slot(name, "momentum_buffer", value, 0);
            if (first) buf.assign(grad);
            else buf.muli(momentum).addi(grad);
            d = nesterov ? grad.add(buf.mul(momentum)) : buf;
        }
        value.subi(d.mul(lr));
    }

    @Override
    protected void putHyperparameters(Map<String, Object> c) {
        c.put("momentum", momentum);
        c.put("nesterov", nesterov);
    }

    @Override
    protected void describeHyperparameters(StringBuilder sb) {
        if (momentum != 0) sb.append(", momentum=").append(fmt(momentum));
        if (nesterov) sb.append(", nesterov");
    }
}
