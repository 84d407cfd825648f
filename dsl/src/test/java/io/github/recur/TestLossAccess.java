package io.github.recur;

import io.github.recur.layers.Param;
import io.github.recur.model.Model;
import io.github.recur.train.Optimizer;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Compiles a model for tests that need only a loss (gradient checks). */
public final class TestLossAccess {
    private TestLossAccess() {}

    public static void compileWithMse(Model m) {
        m.compile(new Optimizer() {
            double lr = 0.1;
            public double step(List<Param> params) {
                for (Param p : params) p.value().subi(p.grad().mul(lr));
                return 0;
            }
            public double learningRate() { return lr; }
            public void learningRate(double v) { lr = v; }
            public String describe() { return "sgd"; }
            public Map<String, Object> config() { return Map.of(); }
            public Map<String, INDArray> state() { return Map.of(); }
            public void loadState(Map<String, INDArray> s) {}
        }, TestLosses.mse());
    }
}
