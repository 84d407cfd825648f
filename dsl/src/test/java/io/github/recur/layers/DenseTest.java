package io.github.recur.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DenseTest {
    private static Dense built(Activation activation) {
        Dense d = new Dense(7, activation);
        d.build(5, true, new Random(1), DataType.FLOAT);
        return d;
    }

    @Test
    void outputsAreTheCallersArraysUnlessReuseIsOn() {
        Dense d = built(Activation.LINEAR);
        INDArray first = d.forward(Nd4j.rand(DataType.FLOAT, 4, 5), null, true, new Random(2));
        INDArray kept = first.dup();
        INDArray second = d.forward(Nd4j.rand(DataType.FLOAT, 4, 5), null, true, new Random(2));
        assertNotSame(first, second);
        assertEquals(kept, first, "a later pass leaves an earlier output alone");
    }

    @Test
    void reusedOutputIsOneArrayHoldingWhatAFreshPassComputes() {
        for (Activation activation : new Activation[] {Activation.LINEAR, Activation.SOFTMAX}) {
            Dense reusing = built(activation), fresh = built(activation);
            reusing.reuseOutput(true);
            INDArray previous = null;
            for (int step = 0; step < 3; step++) {
                INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4, 5); // a sequence [T, B, features]
                INDArray out = reusing.forward(x, null, true, new Random(2));
                assertEquals(fresh.forward(x, null, true, new Random(2)), out, activation + ", step " + step);
                INDArray g = Nd4j.rand(DataType.FLOAT, 3, 4, 7);
                assertEquals(fresh.backward(g), reusing.backward(g), "backward reads this pass's output");
                if (previous != null) assertEquals(previous.data().address(), out.data().address(), "the same memory from pass to pass");
                previous = out;
            }
            reusing.reuseOutput(false);
            assertNotEquals(previous.data().address(), reusing.forward(Nd4j.rand(DataType.FLOAT, 3, 4, 5), null, false, new Random(2)).data().address());
        }
    }
}
