package io.github.recur;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.layers.Param;
import io.github.recur.model.Model;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Central finite differences in double precision against the model's backpropagated gradients. */
public final class GradientCheck {
    private GradientCheck() {}

    /** Checks up to {@code perParam} entries of every parameter; fails with the worst entry. */
    public static void check(Model model, INDArray x, INDArray y, INDArray mask, int perParam) {
        model.computeGradients(x, y, mask);
        Random pick = new Random(7);
        double eps = 1e-6;
        int checked = 0;
        for (Param p : model.params()) {
            INDArray analytic = p.grad().dup();
            INDArray flat = p.value().reshape(p.value().length());
            long n = flat.length();
            for (int k = 0; k < Math.min(perParam, n); k++) {
                long i = n <= perParam ? k : pick.nextInt((int) n);
                double orig = flat.getDouble(i);
                flat.putScalar(i, orig + eps);
                double up = model.lossValue(x, y, mask);
                flat.putScalar(i, orig - eps);
                double down = model.lossValue(x, y, mask);
                flat.putScalar(i, orig);
                double numeric = (up - down) / (2 * eps);
                double a = analytic.reshape(n).getDouble(i);
                double err = Math.abs(a - numeric) / Math.max(1e-8, Math.abs(a) + Math.abs(numeric));
                boolean ok = err < 1e-5 || Math.abs(a - numeric) < 1e-9;
                assertTrue(ok, () -> p.name() + "[" + i + "]: backprop " + a + " vs finite differences " + numeric + " (relative error " + err + ")");
                checked++;
            }
        }
        assertTrue(checked > 0, "no parameter was checked");
    }

    public static INDArray randn(long seed, long... shape) {
        Random r = new Random(seed);
        double[] v = new double[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }
}
