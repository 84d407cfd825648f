package io.github.recur.layers;

import static io.github.recur.GradientCheck.randn;
import static io.github.recur.Recur.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What a layer reports about its last pass (gate activations per step) equals the cell equations
 * recomputed from its weights, in both precisions; and skipping ∂L/∂x changes no weight gradient.
 */
class RecurrentIntrospectionTest {
    private static final int T = 4, B = 3, F = 5, H = 7; // all different, so a transposed layout cannot pass

    private static Recurrent built(Recurrent layer, DataType dt) {
        layer.build(F, new Random(5), dt, "");
        for (int i = 0; i < layer.params().size(); i++) {
            INDArray v = layer.params().get(i).value();
            v.assign(v.castTo(DataType.DOUBLE).addi(randn(20 + i, v.shape()).muli(0.4)).castTo(dt));
        }
        return layer;
    }

    private static double sigmoid(double v) { return 1 / (1 + Math.exp(-v)); }

    /** Gate activations at every step recomputed in double from x, the weights and the reported h_{t-1}. */
    private static void gatesMatchEquations(Recurrent layer, DataType dt) {
        built(layer, dt);
        INDArray x = randn(31, T, B, F).castTo(dt);
        layer.forward(x, null, false, new Random(1));
        Map<String, INDArray> gates = layer.gateActivations();
        INDArray hs = layer.hiddenStates().castTo(DataType.DOUBLE);
        INDArray wIh = layer.params().get(0).value().castTo(DataType.DOUBLE), wHh = layer.params().get(1).value().castTo(DataType.DOUBLE);
        INDArray bIh = layer.params().get(2).value().castTo(DataType.DOUBLE), bHh = layer.params().get(3).value().castTo(DataType.DOUBLE);
        String[] names = layer.cell().gateNames();
        double tol = dt == DataType.DOUBLE ? 1e-12 : 2e-5;
        for (int t = 0; t < T; t++) {
            INDArray xt = x.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all()).castTo(DataType.DOUBLE);
            INDArray hPrev = t == 0 ? Nd4j.zeros(DataType.DOUBLE, B, H) : hs.get(NDArrayIndex.point(t - 1), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray px = xt.mmul(wIh.transpose()).addiRowVector(bIh), ph = hPrev.mmul(wHh.transpose()).addiRowVector(bHh);
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < H; j++) {
                    double[] expected;
                    if (layer.cell() instanceof LstmCell) {
                        expected = new double[4];
                        for (int q = 0; q < 4; q++) {
                            double v = px.getDouble(b, q * H + j) + ph.getDouble(b, q * H + j);
                            expected[q] = q == 2 ? Math.tanh(v) : sigmoid(v);
                        }
                    } else {
                        double r = sigmoid(px.getDouble(b, j) + ph.getDouble(b, j));
                        double z = sigmoid(px.getDouble(b, H + j) + ph.getDouble(b, H + j));
                        double n = Math.tanh(px.getDouble(b, 2 * H + j) + r * ph.getDouble(b, 2 * H + j));
                        expected = new double[] {r, z, n};
                    }
                    for (int q = 0; q < expected.length; q++) {
                        assertEquals(expected[q], gates.get(names[q]).getDouble(t, b, j), tol,
                                names[q] + " gate at step " + t + ", batch row " + b + ", unit " + j + " (" + dt + ")");
                    }
                }
            }
        }
    }

    @Test void lstmGateActivationsFollowTheEquationsInDouble() { gatesMatchEquations(lstm(H), DataType.DOUBLE); }
    @Test void lstmGateActivationsFollowTheEquationsInFloat() { gatesMatchEquations(lstm(H), DataType.FLOAT); }
    @Test void gruGateActivationsFollowTheEquationsInDouble() { gatesMatchEquations(gru(H), DataType.DOUBLE); }
    @Test void gruGateActivationsFollowTheEquationsInFloat() { gatesMatchEquations(gru(H), DataType.FLOAT); }

    /** One training pass (forward, then backward) over {@code x}; returns {@code gate}'s activations as forward left them. */
    private static INDArray gateThenBackward(Recurrent layer, INDArray x, String gate) {
        layer.forward(x, null, true, new Random(1));
        INDArray before = layer.gateActivations().get(gate);
        layer.backward(Nd4j.ones(DataType.FLOAT, B, H), false);
        return before;
    }

    @Test void lstmGatesAreGoneAfterBackwardAndBackAfterTheNextForward() {
        // The fast LSTM keeps its gates where backward then writes the gradient: asking afterwards is an error, not gradients.
        Recurrent layer = built(lstm(H), DataType.FLOAT);
        layer.pinComputePath(ComputePath.FAST);
        INDArray x = randn(34, T, B, F).castTo(DataType.FLOAT);
        INDArray before = gateThenBackward(layer, x, "forget");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, layer::gateActivations);
        assertTrue(e.getMessage().contains("overwritten by the backward pass") && e.getMessage().contains("Model.gateActivations"), e.getMessage());
        layer.forward(x, null, false, new Random(1));
        assertEquals(before, layer.gateActivations().get("forget"));
    }

    @Test void gruGatesStayReadableAfterBackward() {
        Recurrent layer = built(gru(H), DataType.FLOAT);
        INDArray before = gateThenBackward(layer, randn(35, T, B, F).castTo(DataType.FLOAT), "update");
        assertEquals(before, layer.gateActivations().get("update"));
    }

    @Test void backwardNeedsItsOwnForwardPass() {
        Recurrent layer = built(simpleRnn(H), DataType.FLOAT);
        INDArray x = randn(36, T, B, F).castTo(DataType.FLOAT);
        INDArray g = Nd4j.ones(DataType.FLOAT, B, H);
        assertThrows(IllegalArgumentException.class, () -> layer.backward(g, true), "no forward pass yet");
        layer.forward(x, null, true, new Random(1));
        layer.backward(g, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer.backward(g, true));
        assertTrue(e.getMessage().contains("each forward pass serves one backward pass"), e.getMessage());
    }

    @Test void stateGradientNormsAreRecordedOnlyWhenAskedAndDoNotChangeTheGradients() {
        Recurrent plain = built(lstm(H).returnSequences(), DataType.FLOAT), recording = built(lstm(H).returnSequences(), DataType.FLOAT);
        INDArray x = randn(38, T, B, F).castTo(DataType.FLOAT), g = randn(39, T, B, H).castTo(DataType.FLOAT);
        plain.forward(x, null, true, new Random(1));
        INDArray dxPlain = plain.backward(g, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, plain::stateGradientNorms);
        assertTrue(e.getMessage().contains("recordStateGradientNorms(true)") && e.getMessage().contains("Model.stateGradientNorms"), e.getMessage());

        recording.recordStateGradientNorms(true);
        recording.forward(x, null, true, new Random(1));
        assertEquals(dxPlain, recording.backward(g, true));
        for (int i = 0; i < plain.params().size(); i++) {
            assertEquals(plain.params().get(i).grad(), recording.params().get(i).grad(), plain.params().get(i).name() + " gradient");
        }
        // the last step's ∂L/∂h is exactly g's last step (nothing comes back from later steps)
        double[] norms = recording.stateGradientNorms();
        assertEquals(T, norms.length);
        assertEquals(g.get(NDArrayIndex.point(T - 1), NDArrayIndex.all(), NDArrayIndex.all()).norm2Number().doubleValue(), norms[T - 1], 1e-5);
        for (double n : norms) assertTrue(n > 0, "every step carries a gradient");
    }

    /** A prediction that keeps no gates gives the same output and state, and refuses what needs the gates. */
    private static void predictionWithoutGates(Recurrent layer, DataType dt) {
        built(layer, dt);
        INDArray x = randn(37, T, B, F).castTo(dt);
        INDArray kept = layer.forward(x, null, false, new Random(1));
        INDArray gates = layer.gateActivations().get(layer.cell().gateNames()[1]);
        layer.keepGates(false);
        assertEquals(kept, layer.forward(x, null, false, new Random(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, layer::gateActivations);
        assertTrue(e.getMessage().contains("keeps no gate activations") && e.getMessage().contains("Model.gateActivations"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> layer.backward(Nd4j.ones(dt, B, H), true));
        assertTrue(e.getMessage().contains("training = true"), e.getMessage());
        layer.forward(x, null, true, new Random(1)); // training passes keep them whatever the setting
        assertEquals(gates, layer.gateActivations().get(layer.cell().gateNames()[1]));
        layer.backward(Nd4j.ones(dt, B, H), true);
    }

    @Test void lstmPredictionWithoutGatesRefusesGateActivationsAndBackward() { predictionWithoutGates(lstm(H), DataType.FLOAT); }
    @Test void gruPredictionWithoutGatesRefusesGateActivationsAndBackward() { predictionWithoutGates(gru(H), DataType.DOUBLE); }

    private static void skippingInputGradientKeepsWeightGradients(Recurrent a, Recurrent b, DataType dt) {
        built(a, dt);
        built(b, dt);
        INDArray x = randn(32, T, B, F).castTo(dt);
        INDArray y = a.forward(x, null, true, new Random(1));
        b.forward(x, null, true, new Random(1));
        INDArray g = randn(33, y.shape()).castTo(dt);
        INDArray dx = a.backward(g, true);
        assertEquals(T * B * F, dx.length());
        assertNull(b.backward(g, false), "no input gradient when the model says nobody needs it");
        for (int i = 0; i < a.params().size(); i++) {
            assertEquals(a.params().get(i).grad(), b.params().get(i).grad(), a.params().get(i).name() + " gradient");
        }
    }

    @Test void lstmWithoutInputGradientHasTheSameWeightGradients() {
        skippingInputGradientKeepsWeightGradients(lstm(H).returnSequences(), lstm(H).returnSequences(), DataType.FLOAT);
    }

    @Test void gruWithoutInputGradientHasTheSameWeightGradients() {
        skippingInputGradientKeepsWeightGradients(gru(H), gru(H), DataType.DOUBLE);
    }
}
