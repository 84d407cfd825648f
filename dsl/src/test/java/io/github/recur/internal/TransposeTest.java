package io.github.recur.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class TransposeTest {
    private static INDArray counting(DataType dt, long... shape) {
        return Nd4j.linspace(1, Nd4j.create(shape).length(), Nd4j.create(shape).length(), dt).reshape('c', shape);
    }

    private static void assertSwapped(INDArray a) {
        INDArray got = Transpose.swapFirstAxes(a);
        INDArray want = (a.rank() == 3 ? a.permute(1, 0, 2) : a.permute(1, 0)).dup('c');
        assertArrayEquals(want.shape(), got.shape());
        assertEquals('c', got.ordering());
        assertEquals(want, got);
    }

    @Test
    void swapsBatchAndTimeOfFeatureRowsLongAndShort() {
        assertSwapped(counting(DataType.FLOAT, 3, 5, 32)); // rows copied one by one
        assertSwapped(counting(DataType.FLOAT, 3, 5, 2));  // through a Java array
        assertSwapped(counting(DataType.FLOAT, 4, 7));     // a [batch, time] mask
        assertSwapped(counting(DataType.FLOAT, 1, 9, 8));
    }

    @Test
    void viewsOtherTypesAndEmptyArraysGiveTheSameAsNd4j() {
        INDArray big = counting(DataType.FLOAT, 6, 5, 16);
        assertSwapped(big.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all(), NDArrayIndex.all())); // a view with an offset
        assertSwapped(big.permute(1, 0, 2));                                                          // not c-contiguous
        assertSwapped(counting(DataType.DOUBLE, 3, 4, 16));
        assertSwapped(Nd4j.create(DataType.FLOAT, 0, 4, 3));
    }

    @Test
    void theResultIsACopy() {
        INDArray a = counting(DataType.FLOAT, 2, 3, 8);
        INDArray t = Transpose.swapFirstAxes(a);
        a.assign(0);
        assertEquals(1f, t.getFloat(0, 0, 0));
    }
}
