package io.github.recur.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BatchMatricesTest {
    @Test void theBatchedProductEqualsTheLoopOverTheBatchForEveryTransposition() {
        Nd4j.getRandom().setSeed(3);
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    INDArray a = Nd4j.randn(type, 5, ta ? 7 : 3, ta ? 3 : 7);
                    INDArray b = Nd4j.randn(type, 5, tb ? 4 : 7, tb ? 7 : 4);
                    INDArray loop = BatchMatrices.timesOneByOne(a, b, ta, tb), batched = BatchMatrices.times(a, b, ta, tb);
                    assertArrayEquals(new long[] {5, 3, 4}, batched.shape());
                    assertEquals(type, batched.dataType());
                    assertEquals(0, loop.sub(batched).amaxNumber().doubleValue(), type == DataType.FLOAT ? 1e-5 : 1e-12, ta + " " + tb);
                }
            }
        }
    }
}
