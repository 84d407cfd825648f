package io.github.recur.train;

import io.github.recur.internal.Vec;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam with PyTorch's {@code torch.optim.Adam} semantics (defaults betas 0.9, 0.999, eps 1e-8;
 * weight decay is L2 added to the gradient, not AdamW): per parameter and step {@code t},
 * {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
 * {@code w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 * Keras' default eps is 1e-7; the difference only matters for tiny gradients.
 *
 * <pre>{@code Adam opt = new Adam(1e-3).betas(0.9, 0.98).clipNorm(1.0);}</pre>
 */
public final class Adam extends BaseOptimizer<Adam> {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;

    public Adam(double lr) {
        super(lr);
    }

    @Override public String type() { return "adam"; }

    /** A copy with the moment decay rates, each in [0, 1). */
    public Adam betas(double beta1, double beta2) {
        checkUnitInterval("beta1", beta1);
        checkUnitInterval("beta2", beta2);
        Adam copy = copy();
        copy.beta1 = beta1;
        copy.beta2 = beta2;
        return copy;
    }

    /** A copy with the denominator term {@code eps > 0}. */
    public Adam eps(double eps) {
        checkPositive("eps", eps);
        Adam copy = copy();
        copy.eps = eps;
        return copy;
    }

    public double beta1() { return beta1; }
    public double beta2() { return beta2; }
    public double eps() { return eps; }

    @Override
    protected Adam copy() {
        Adam a = withBaseSettingsOf(new Adam(learningRate() > 0 ? learningRate() : 1));
        a.beta1 = beta1;
        a.beta2 = beta2;
        a.eps = eps;
        return a;
    }

    @Override protected Set<String> slots() { return Set.of("exp_avg", "exp_avg_sq", "step"); }

    @Override protected boolean countsSteps() { return true; }

    @Override
    protected void update(String name, INDArray value, INDArray grad, double lr) {
        long t = nextStep(name);
        INDArray m = slot(name, "exp_avg", value, 0);
        INDArray v = slot(name, "exp_avg_sq", value, 0);
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        if (Vec.fits(value) && Vec.fits(grad) && Vec.fits(m) && Vec.fits(v) && value.dataType() == DataType.FLOAT
                && grad.dataType() == DataType.FLOAT && m.dataType() == DataType.FLOAT && v.dataType() == DataType.FLOAT) {
            updateFloat(value, grad, m, v, lr / bc1, Math.sqrt(bc2));
            return;
        }
        if (Vec.fits(value) && Vec.fits(grad) && Vec.fits(m) && Vec.fits(v)) {
            // One pass, no temporaries: a dozen small ND4J ops per parameter cost more than the
            // arithmetic (and stall on OpenMP barriers when the two cores are busy).
            Vec w = Vec.of(value), g = Vec.of(grad), mv = Vec.of(m), vv = Vec.of(v);
            double sqrtBc2 = Math.sqrt(bc2), step = lr / bc1;
            for (int i = 0, n = w.length(); i < n; i++) {
                double gi = g.get(i);
                double mi = beta1 * mv.get(i) + (1 - beta1) * gi;
                double vi = beta2 * vv.get(i) + (1 - beta2) * gi * gi;
                mv.set(i, mi);
                vv.set(i, vi);
                w.set(i, w.get(i) - step * (mi / (Math.sqrt(vi) / sqrtBc2 + eps)));
            }
            return;
        }
        m.muli(beta1).addi(grad.mul(1 - beta1));
        v.muli(beta2).addi(grad.mul(grad).muli(1 - beta2));
        INDArray denom = Transforms.sqrt(v, true).divi(Math.sqrt(bc2)).addi(eps);
        value.subi(m.div(denom).muli(lr / bc1));
    }

    private float[] fw, fg, fm, fv; // scratch for FLOAT parameters, kept between steps

    /**
     * FLOAT parameters: bulk copies into float[] and one loop per written array (C2 vectorises those;
     * the element-wise double loop above stays scalar), in float and in PyTorch's order of operations:
     * {@code m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; w −= step·m / (√v / √bc2 + ε)}.
     */
    private void updateFloat(INDArray value, INDArray grad, INDArray m, INDArray v, double step, double sqrtBc2) {
        int n = (int) value.length();
        if (fw == null || fw.length < n) {
            fw = new float[n];
            fg = new float[n];
            fm = new float[n];
            fv = new float[n];
        }
        float[] w = fw, g = fg, mm = fm, vv = fv;
        Vec.of(value).getFloats(0, w, 0, n);
        Vec.of(grad).getFloats(0, g, 0, n);
        Vec.of(m).getFloats(0, mm, 0, n);
        Vec.of(v).getFloats(0, vv, 0, n);
        float b1 = (float) beta1, b2 = (float) beta2, c1 = (float) (1 - beta1), c2 = (float) (1 - beta2);
        float s = (float) step, rb = (float) sqrtBc2, e = (float) eps;
        for (int i = 0; i < n; i++) mm[i] = b1 * mm[i] + c1 * g[i];
        for (int i = 0; i < n; i++) vv[i] = b2 * vv[i] + c2 * g[i] * g[i];
        for (int i = 0; i < n; i++) w[i] -= s * (mm[i] / ((float) Math.sqrt(vv[i]) / rb + e));
        Vec.of(value).putFloats(0, w, 0, n);
        Vec.of(m).putFloats(0, mm, 0, n);
        Vec.of(v).putFloats(0, vv, 0, n);
    }

    @Override
    protected void putHyperparameters(Map<String, Object> c) {
        c.put("beta1", beta1);
        c.put("beta2", beta2);
        c.put("eps", eps);
    }

    @Override
    protected void describeHyperparameters(StringBuilder sb) {
        if (beta1 != 0.9 || beta2 != 0.999) sb.append(", betas=(").append(fmt(beta1)).append(", ").append(fmt(beta2)).append(')');
        if (eps != 1e-8) sb.append(", eps=").append(fmt(eps));
    }
}
