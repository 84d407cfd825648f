package io.github.recur.train;

import io.github.recur.internal.Vec;
import io.github.recur.layers.Param;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * What every built-in optimizer does around its update rule. {@link #step} runs, in order:
 * <ol>
 *   <li>the global L2 norm of all gradients (the return value);</li>
 *   <li>clipping by global norm if {@link #clipNorm} was set: every gradient is scaled by
 *       {@code c / (norm + 1e-6)} when that is below 1, exactly as {@code torch.nn.utils.clip_grad_norm_};</li>
 *   <li>clipping each element to {@code [-v, v]} if {@link #clipValue} was set;</li>
 *   <li>L2 weight decay ({@link #weightDecay}): {@code grad += l * w} for parameters with
 *       {@link Param#decay()} (weights, not biases), as PyTorch's {@code weight_decay};</li>
 *   <li>the update rule, in place on {@link Param#value()}.</li>
 * </ol>
 * Clipping changes {@link Param#grad()} in place (like PyTorch); weight decay does not.
 *
 * <p>Configuration methods return a new optimizer of the same type with empty state; the state
 * (moments, step counts) is created lazily per parameter name on the first step.
 *
 * <pre>{@code Adam opt = new Adam(1e-3).clipNorm(1.0).weightDecay(1e-4);}</pre>
 *
 * @param <T> the concrete optimizer type, returned by the configuration methods
 */
public abstract class BaseOptimizer<T extends BaseOptimizer<T>> implements Optimizer {
    /** PyTorch's {@code clip_grad_norm_} adds this to the norm before dividing. */
    static final double CLIP_NORM_EPS = 1e-6;

    private double lr;
    private double clipNorm = 0;    // 0 = off
    private double clipValue = 0;   // 0 = off
    private double weightDecay = 0;

    /** Moments etc. by {@code paramName + "." + slot}. */
    private final Map<String, INDArray> state = new LinkedHashMap<>();
    /** Per-parameter step counts (only for optimizers that use them). */
    private final Map<String, Long> steps = new HashMap<>();

    protected BaseOptimizer(double lr) {
        this.lr = checkPositive("learning rate", lr);
    }

    /** Lower-case name used in messages and {@link #config()}, e.g. {@code "adam"}. */
    public abstract String type();

    /** A new instance with the same hyperparameters (including lr and clipping) and empty state. */
    protected abstract T copy();

    /** Names of the per-parameter state slots, e.g. {@code exp_avg}, {@code step}. */
    protected abstract Set<String> slots();

    /** Whether this optimizer keeps a step count per parameter (slot {@code step}). */
    protected boolean countsSteps() { return false; }

    /** The update rule for one parameter; {@code grad} is already clipped and decayed. */
    protected abstract void update(String name, INDArray value, INDArray grad, double lr);

    /** The rule's own hyperparameters for {@link #config()}, beyond lr, clipping and decay. */
    protected abstract void putHyperparameters(Map<String, Object> config);

    /** The rule's hyperparameters that differ from the defaults, for {@link #describe()}. */
    protected abstract void describeHyperparameters(StringBuilder sb);

    // ---- configuration (immutable: each returns a new optimizer) ----

    /** Clips gradients by their global L2 norm to at most {@code c} before each update. */
    public T clipNorm(double c) {
        checkPositive("clipNorm", c);
        T copy = copy();
        ((BaseOptimizer<T>) copy).clipNorm = c;
        return copy;
    }

    /** Clips every gradient element to {@code [-v, v]} before each update. */
    public T clipValue(double v) {
        checkPositive("clipValue", v);
        T copy = copy();
        ((BaseOptimizer<T>) copy).clipValue = v;
        return copy;
    }

    /** Adds L2 weight decay {@code l * w} to the gradient of each weight (not biases); 0 turns it off. */
    public T weightDecay(double l) {
        checkNonNegative("weightDecay", l);
        T copy = copy();
        ((BaseOptimizer<T>) copy).weightDecay = l;
        return copy;
    }

    /** Copies lr, clipping and decay from this optimizer to {@code target}; subclasses use it in {@link #copy()}. */
    protected final T withBaseSettingsOf(T target) {
        BaseOptimizer<T> t = target;
        t.lr = lr;
        t.clipNorm = clipNorm;
        t.clipValue = clipValue;
        t.weightDecay = weightDecay;
        return target;
    }

    public double clipNorm() { return clipNorm; }
    public double clipValue() { return clipValue; }
    public double weightDecay() { return weightDecay; }

    @Override
    public double learningRate() { return lr; }

    /** Sets the learning rate in place; 0 is allowed here (a schedule may anneal to 0). */
    @Override
    public void learningRate(double lr) {
        this.lr = checkNonNegative("learning rate", lr);
    }

    // ---- the step ----

    @Override
    public double step(List<Param> params) {
        double sumSq = 0;
        for (Param p : params) {
            INDArray g = p.grad();
            double n = Vec.fits(g) ? Math.sqrt(Vec.of(g).sumOfSquares()) : g.norm2Number().doubleValue();
            // Checked before any update, so a bad gradient never leaves NaN weights behind.
            if (!Double.isFinite(n)) throw new NonFiniteGradientException(p.name(), n);
            sumSq += n * n;
        }
        double norm = Math.sqrt(sumSq);
        if (clipNorm > 0) {
            double coef = clipNorm / (norm + CLIP_NORM_EPS);
            if (coef < 1) {
                for (Param p : params) p.grad().muli(coef);
            }
        }
        for (Param p : params) {
            INDArray g = p.grad();
            if (clipValue > 0) {
                Transforms.max(g, -clipValue, false);
                Transforms.min(g, clipValue, false);
            }
            if (weightDecay > 0 && p.decay()) {
                g = g.add(p.value().mul(weightDecay));
            }
            update(p.name(), p.value(), g, lr);
        }
        return norm;
    }

    /** The state array for {@code name.slot}, created as zeros (or {@code init}) shaped like {@code value}. */
    protected final INDArray slot(String name, String slot, INDArray value, double init) {
        String key = name + "." + slot;
        INDArray s = state.get(key);
        if (s == null) {
            s = Nd4j.zerosLike(value);
            if (init != 0) s.assign(init);
            state.put(key, s);
        } else if (!Arrays.equals(s.shape(), value.shape())) {
            throw new IllegalStateException(type() + ": state '" + key + "' has shape " + Arrays.toString(s.shape())
                    + " but parameter '" + name + "' has shape " + Arrays.toString(value.shape())
                    + "; the loaded optimizer state belongs to a different model");
        } else if (s.dataType() != value.dataType()) {
            s = s.castTo(value.dataType());
            state.put(key, s);
        }
        return s;
    }

    /** Whether the state slot already exists (e.g. SGD's first momentum step copies the gradient). */
    protected final boolean hasSlot(String name, String slot) {
        return state.containsKey(name + "." + slot);
    }

    /** Increments and returns this parameter's step count (1 on the first step). */
    protected final long nextStep(String name) {
        return steps.merge(name, 1L, Long::sum);
    }

    // ---- saving ----

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type());
        c.put("lr", lr);
        putHyperparameters(c);
        c.put("weightDecay", weightDecay);
        if (clipNorm > 0) c.put("clipNorm", clipNorm);
        if (clipValue > 0) c.put("clipValue", clipValue);
        return c;
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.dup()));
        if (countsSteps()) {
            steps.forEach((k, v) -> out.put(k + ".step", Nd4j.createFromArray(new long[] {v})));
        }
        return out;
    }

    @Override
    public void loadState(Map<String, INDArray> saved) {
        Map<String, INDArray> newState = new LinkedHashMap<>();
        Map<String, Long> newSteps = new HashMap<>();
        for (var e : saved.entrySet()) {
            String key = e.getKey();
            int dot = key.lastIndexOf('.');
            String slot = dot < 0 ? "" : key.substring(dot + 1);
            if (dot <= 0 || !slots().contains(slot)) {
                throw new IllegalArgumentException(type() + ": unknown optimizer state '" + key
                        + "'; expected keys paramName.slot with slot in " + slots()
                        + " (was the state saved by a different optimizer?)");
            }
            INDArray v = e.getValue();
            if (slot.equals("step")) {
                if (v.length() != 1) {
                    throw new IllegalArgumentException(type() + ": state '" + key + "' must hold one step count, got shape "
                            + Arrays.toString(v.shape()));
                }
                newSteps.put(key.substring(0, dot), v.castTo(DataType.INT64).getLong(0));
            } else {
                newState.put(key, v.dup());
            }
        }
        state.clear();
        state.putAll(newState);
        steps.clear();
        steps.putAll(newSteps);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append("(lr=").append(fmt(lr));
        describeHyperparameters(sb);
        if (weightDecay > 0) sb.append(", weightDecay=").append(fmt(weightDecay));
        if (clipNorm > 0) sb.append(", clipNorm=").append(fmt(clipNorm));
        if (clipValue > 0) sb.append(", clipValue=").append(fmt(clipValue));
        return sb.append(')').toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
    }

    // ---- validation helpers ----

    protected final double checkPositive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(type() + ": " + what + " must be > 0, got " + v);
        }
        return v;
    }

    protected final double checkNonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(type() + ": " + what + " must be >= 0, got " + v);
        }
        return v;
    }

    /** For betas, alpha, momentum: {@code 0 <= v < 1}. */
    protected final double checkUnitInterval(String what, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(type() + ": " + what + " must be in [0, 1), got " + v);
        }
        return v;
    }
}
