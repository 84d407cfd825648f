package io.github.recur.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class SequenceDataBatchesTest {
    static SequenceData numbered(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = i;
        return new SequenceData(Nd4j.createFromArray(x).reshape(n, 1, 1), Nd4j.createFromArray(x).reshape(n, 1));
    }

    static List<Double> order(List<SequenceData> batches) {
        List<Double> out = new ArrayList<>();
        for (SequenceData b : batches) for (double v : b.y().reshape(b.size()).toDoubleVector()) out.add(v);
        return out;
    }

    @Test
    void sameSeedGivesSameBatchesAndEverySampleOnce() {
        SequenceData d = numbered(10);
        List<SequenceData> a = d.batches(4, 7L), b = d.batches(4, 7L);
        assertEquals(List.of(4, 4, 2), a.stream().map(SequenceData::size).toList());
        assertEquals(order(a), order(b));
        assertNotEquals(order(a), order(d.batches(4, 8L)));
        assertEquals(45.0, order(a).stream().mapToDouble(Double::doubleValue).sum());
        assertEquals(10, order(a).stream().distinct().count());
    }

    @Test
    void shuffleKeepsInputsWithTheirTargets() {
        SequenceData s = numbered(6).shuffle(3);
        for (int i = 0; i < 6; i++) assertEquals(s.x().getDouble(i, 0, 0), s.y().getDouble(i, 0));
    }
}
