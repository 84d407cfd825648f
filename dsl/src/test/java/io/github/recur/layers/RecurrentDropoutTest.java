package io.github.recur.layers;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.model.Model;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Recurrent dropout as Keras defines it: one mask per pass over the units, the same at every step, on
 * h_{t-1} where it enters h_{t-1}·W_hhᵀ (not on the state that is carried), scaled by 1/(1 − rate),
 * drawn in training only. (Its gradients: StateGradientTest; the two paths: ComputePathAgreementTest.)
 */
class RecurrentDropoutTest {
    private static final int T = 6, B = 64, F = 3, H = 32;

    private static Recurrent built(Recurrent r, ComputePath path) {
        r.build(F, new Random(5), DataType.DOUBLE, "");
        r.pinComputePath(path);
        return r;
    }

    @Test
    void theMaskKeepsUnitsWithProbabilityOneMinusRateAndScalesThem() {
        Recurrent r = built(lstm(H).recurrentDropout(0.25), ComputePath.FAST);
        r.forward(randn(1, T, B, F), null, true, new Random(3));
        INDArray m = r.lastRecurrentDropoutMask();
        assertEquals(B, m.rows());
        assertEquals(H, m.columns());
        double zeros = 0;
        for (double v : m.data().asDouble()) {
            assertTrue(v == 0 || Math.abs(v - 1 / 0.75) < 1e-12, "mask value " + v);
            if (v == 0) zeros++;
        }
        double share = zeros / (B * H); // 2048 draws: the standard error of the share is about 0.01
        assertEquals(0.25, share, 0.04, "share of dropped units");
    }

    /** SimpleRNN written out: h_t = tanh(x_t·W_ihᵀ + b_ih + (h_{t-1} ⊙ m)·W_hhᵀ + b_hh) with one m for all t. */
    @ParameterizedTest @EnumSource(ComputePath.class)
    void oneMaskMultipliesTheRecurrentInputAtEveryStep(ComputePath path) {
        Recurrent r = built(simpleRnn(H).returnSequences().recurrentDropout(0.5), path);
        INDArray x = randn(2, T, B, F);
        INDArray out = r.forward(x, null, true, new Random(4));
        INDArray m = r.lastRecurrentDropoutMask();
        INDArray wIh = r.params().get(0).value(), wHh = r.params().get(1).value(), bIh = r.params().get(2).value(), bHh = r.params().get(3).value();
        INDArray h = Nd4j.zeros(DataType.DOUBLE, B, H);
        for (int t = 0; t < T; t++) {
            INDArray xt = x.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
            h = Transforms.tanh(xt.mmul(wIh.transpose()).addiRowVector(bIh).addi(h.mul(m).mmul(wHh.transpose())).addiRowVector(bHh));
            INDArray got = out.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
            assertTrue(got.equalsWithEps(h, 1e-10), "step " + t + " differs from the written-out equation");
        }
    }

    /** GRU: h_t = (1 − z) ⊙ n + z ⊙ h_{t-1} keeps the undropped state; only the products with W_hh see the mask. */
    @ParameterizedTest @EnumSource(ComputePath.class)
    void gruCarriesTheUndroppedState(ComputePath path) {
        Recurrent r = built(gru(H).returnSequences().recurrentDropout(0.5), path);
        INDArray x = randn(2, T, B, F), h0 = randn(3, B, H);
        r.initialState(h0, null);
        INDArray out = r.forward(x, null, true, new Random(4));
        INDArray m = r.lastRecurrentDropoutMask();
        INDArray wIh = r.params().get(0).value(), wHh = r.params().get(1).value(), bIh = r.params().get(2).value(), bHh = r.params().get(3).value();
        INDArray h = h0;
        for (int t = 0; t < T; t++) {
            INDArray xt = x.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray ax = xt.mmul(wIh.transpose()).addiRowVector(bIh), ah = h.mul(m).mmul(wHh.transpose()).addiRowVector(bHh);
            INDArray rr = Transforms.sigmoid(cols(ax, 0).add(cols(ah, 0)));
            INDArray z = Transforms.sigmoid(cols(ax, 1).add(cols(ah, 1)));
            INDArray n = Transforms.tanh(cols(ax, 2).add(rr.mul(cols(ah, 2))));
            h = z.rsub(1.0).mul(n).addi(z.mul(h));
            INDArray got = out.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
            assertTrue(got.equalsWithEps(h, 1e-10), "step " + t + " differs from the written-out equation");
        }
    }

    private static INDArray cols(INDArray a, int block) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval((long) block * H, (long) (block + 1) * H));
    }

    @Test
    void inferenceDropsNothing() {
        Model with = sequential(lstm(H).recurrentDropout(0.5), dense(1)).dataType(DataType.DOUBLE).seed(3);
        Model without = sequential(lstm(H), dense(1)).dataType(DataType.DOUBLE).seed(3);
        INDArray x = randn(4, B, T, F);
        without.loadWeights(with.build(F).weights());
        assertTrue(with.predict(x).equalsWithEps(without.predict(x), 1e-12), "predict applied recurrent dropout");
        Recurrent layer = (Recurrent) with.layer(0);
        layer.forward(randn(1, T, B, F), null, false, new Random(1));
        assertNull(layer.lastRecurrentDropoutMask(), "an inference pass drew a mask");
        INDArray train = layer.forward(randn(1, T, B, F), null, true, new Random(1));
        INDArray infer = layer.forward(randn(1, T, B, F), null, false, new Random(1));
        assertFalse(train.equalsWithEps(infer, 1e-6), "a training pass did not drop");
    }

    @Test
    void theRateIsSavedAndLoadedAndShownInTheSummary(@TempDir Path dir) {
        Model m = sequential(bidirectional(gru(4).recurrentDropout(0.2).returnSequences()), lstm(3).recurrentDropout(0.1), dense(1));
        m.compile(adam(), mse());
        m.build(F);
        String summary = m.summaryTable().text();
        assertTrue(summary.contains("recurrent dropout 0.1"), summary);
        Path file = dir.resolve("m.recur");
        m.save(file);
        Model again = loadModel(file);
        assertEquals(m.architecture(), again.architecture());
        assertEquals(0.2, ((Bidirectional) again.layer(0)).backwardLayer().recurrentDropoutRate());
        assertEquals(0.1, ((Recurrent) again.layer(1)).recurrentDropoutRate());
        assertFalse(sequential(lstm(3), dense(1)).architecture().get(0).containsKey("recurrent_dropout"),
                "a layer without recurrent dropout writes what earlier versions wrote");
    }

    @Test
    void aRateOutsideZeroToOneIsRefusedNamingTheLayerTheValueAndWhatToGive() {
        for (double bad : new double[] {-0.1, 1.0, Double.NaN}) {
            var e = assertThrows(IllegalArgumentException.class, () -> lstm(4).recurrentDropout(bad));
            String m = e.getMessage();
            assertTrue(m.contains("lstm") && m.contains("recurrentDropout") && m.contains("[0, 1)") && m.contains("got " + bad)
                    && m.contains("0 for none"), m);
        }
    }
}
