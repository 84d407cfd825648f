package io.github.recur.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ScalerTest {
    static final double[][] ROWS = {{1, 10}, {3, 30}, {5, 20}};

    @Test
    void minMaxMapsTrainingRangeToZeroOne() {
        Scaler s = Scaler.minMax().fit(ROWS);
        double[][] t = s.transform(ROWS);
        assertArrayEquals(new double[] {0, 0}, t[0], 1e-12);
        assertArrayEquals(new double[] {0.5, 1}, t[1], 1e-12);
        assertArrayEquals(new double[] {1, 0.5}, t[2], 1e-12);
    }

    @Test
    void standardGivesZeroMeanUnitStd() {
        StandardScaler s = (StandardScaler) Scaler.standard().fit(ROWS);
        assertEquals(3, s.mean(0), 1e-12);
        assertEquals(Math.sqrt(8 / 3.0), s.std(0), 1e-12);
        double[][] t = s.transform(ROWS);
        double sum = 0, sq = 0;
        for (double[] r : t) { sum += r[1]; sq += r[1] * r[1]; }
        assertEquals(0, sum / 3, 1e-12);
        assertEquals(1, sq / 3, 1e-12);
    }

    @Test
    void roundTripsForBothScalersOnRowsAndArrays() {
        for (Scaler s : new Scaler[] {Scaler.minMax(), Scaler.standard()}) {
            s.fit(ROWS);
            double[][] other = {{7, -4}, {0.5, 100}};
            double[][] back = s.inverse(s.transform(other));
            for (int i = 0; i < other.length; i++) assertArrayEquals(other[i], back[i], 1e-9, s.toString());
            INDArray x = Nd4j.createFromArray(new double[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}});
            INDArray r = s.inverse(s.transform(x));
            assertArrayEquals(x.shape(), r.shape());
            assertArrayEquals(x.data().asDouble(), r.data().asDouble(), 1e-9);
        }
    }

    @Test
    void inverseOfOneFeatureUsesThatFeaturesStatistics() {
        Scaler s = Scaler.minMax().fit(ROWS);
        assertArrayEquals(new double[] {10, 30}, s.inverse(new double[] {0, 1}, 1), 1e-12);
        assertArrayEquals(new double[] {1, 5}, s.inverse(new double[] {0, 1}, 0), 1e-12);
    }

    @Test
    void fittingOnTrainOnlyLeavesTestOutsideUnitRange() {
        Scaler s = Scaler.minMax().fit(new double[] {0, 1, 2, 3, 4});
        assertEquals(2.0, s.transform(new double[] {8}, 0)[0], 1e-12);
    }

    @Test
    void constantFeatureDoesNotDivideByZero() {
        Scaler s = Scaler.standard().fit(new double[] {2, 2, 2});
        assertEquals(0, s.transform(new double[] {2}, 0)[0]);
    }

    @Test
    void unfittedOrMismatchedUseIsExplained() {
        assertTrue(assertThrows(IllegalStateException.class, () -> Scaler.minMax().transform(ROWS)).getMessage().contains("not fitted"));
        Scaler s = Scaler.minMax().fit(ROWS);
        var e = assertThrows(IllegalArgumentException.class, () -> s.transform(new double[][] {{1, 2, 3}}));
        assertTrue(e.getMessage().contains("3 features") && e.getMessage().contains("fitted on 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Scaler.minMax().fit(new double[] {1, Double.NaN}));
    }
}
