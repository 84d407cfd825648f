package io.github.recur;

import io.github.recur.train.Loss;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A plain MSE for the layer tests (the train package has the real losses, tested on their own). */
final class TestLosses {
    private TestLosses() {}

    static Loss mse() {
        return new Loss() {
            public String name() { return "mse"; }
            public double compute(INDArray pred, INDArray target, INDArray weights, INDArray grad) {
                INDArray diff = pred.sub(target);
                long c = pred.size(1);
                INDArray rowLoss = diff.mul(diff).mean(1);
                double wsum = weights == null ? pred.size(0) : weights.sumNumber().doubleValue();
                INDArray w = weights == null ? rowLoss.ulike().assign(1) : weights;
                if (grad != null) grad.assign(diff.mulColumnVector(w.reshape(w.length(), 1)).muli(2.0 / c / wsum));
                return rowLoss.mul(w).sumNumber().doubleValue() / wsum;
            }
        };
    }
}
