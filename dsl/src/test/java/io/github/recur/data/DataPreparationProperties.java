package io.github.recur.data;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of data preparation over random shapes and values (jqwik shrinks a failure to a
 * smallest case): windows, scalers and their inverse, chronological splits, vocabularies, padding
 * and masks, batches.
 */
class DataPreparationProperties {

    /** A series and a window configuration that fits it. */
    record Windowing(double[] series, int lookBack, int horizon, int stride) {}

    @Provide
    Arbitrary<Windowing> windowings() {
        return Arbitraries.integers().between(2, 60).flatMap(n ->
                Combinators.combine(
                        Arbitraries.doubles().between(-1e3, 1e3).array(double[].class).ofSize(n),
                        Arbitraries.integers().between(1, n - 1),
                        Arbitraries.integers().between(1, 5),
                        Arbitraries.integers().between(1, 4)
                ).as((s, l, h, st) -> new Windowing(s, l, Math.min(h, n - l), st)));
    }

    @Property(tries = 200)
    void windowsHoldTheSeriesAtTheirOffsets(@ForAll("windowings") Windowing w) {
        SequenceData d = Windows.of(w.series()).lookBack(w.lookBack()).horizon(w.horizon()).stride(w.stride()).build();
        int n = w.series().length;
        int expected = (n - w.lookBack() - w.horizon()) / w.stride() + 1;
        assertEquals(expected, d.size());
        float[] x = d.x().dup().data().asFloat();
        float[] y = d.y().dup().data().asFloat();
        for (int k = 0; k < d.size(); k++) {
            for (int i = 0; i < w.lookBack(); i++) assertEquals((float) w.series()[k * w.stride() + i], x[k * w.lookBack() + i]);
            for (int h = 0; h < w.horizon(); h++) {
                assertEquals((float) w.series()[k * w.stride() + w.lookBack() + h], y[k * w.horizon() + h]);
            }
        }
    }

    @Property(tries = 150)
    void aChronologicalSplitNeverShowsATargetRowInTwoPartsAndKeepsTheirOrder(
            @ForAll @IntRange(min = 30, max = 120) int n, @ForAll @IntRange(min = 1, max = 6) int lookBack,
            @ForAll @IntRange(min = 1, max = 3) int horizon, @ForAll @IntRange(min = 40, max = 70) int trainPercent) {
        double[] series = new Random(n * 31L + lookBack).doubles(n).toArray();
        Split s;
        try {
            s = Windows.of(series).lookBack(lookBack).horizon(horizon).scaled(Scaler.minMax()).split(trainPercent / 100.0, 0.15);
        } catch (IllegalArgumentException tooSmall) {
            Assume.that(false); // a part too small for one whole window: the error says so; nothing to check here
            return;
        }
        Set<Integer> earlierParts = new HashSet<>();
        int[][] parts = {s.trainRows(), s.validationRows(), s.testRows()};
        int previousLast = -1;
        for (int[] part : parts) {
            Set<Integer> thisPart = new HashSet<>();
            for (int first : part) {
                for (int h = 0; h < horizon; h++) {
                    assertTrue(!earlierParts.contains(first + h), "target row " + (first + h) + " in two parts");
                    thisPart.add(first + h);
                }
                assertTrue(first > previousLast, "parts are chronological");
            }
            earlierParts.addAll(thisPart);
            if (part.length > 0) previousLast = part[part.length - 1] + horizon - 1;
        }
        for (int first : s.trainRows()) assertTrue(first + horizon <= s.trainEnd());
        for (int first : s.testRows()) assertTrue(first >= s.validationEnd());
        // the scaler saw the training rows only: they span exactly [0, 1]
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (int i = 0; i < s.trainEnd(); i++) {
            min = Math.min(min, series[i]);
            max = Math.max(max, series[i]);
        }
        double[] scaled = s.scaler().transform(new double[] {min, max}, 0);
        assertEquals(0, scaled[0], 1e-12);
        assertEquals(1, scaled[1], 1e-12);
    }

    @Provide
    Arbitrary<double[][]> matrices() {
        return Combinators.combine(Arbitraries.integers().between(1, 30), Arbitraries.integers().between(1, 5)).flatAs((r, c) ->
                Arbitraries.doubles().between(-1e6, 1e6).array(double[].class).ofSize(c).array(double[][].class).ofSize(r));
    }

    @Property(tries = 200)
    void inverseUndoesTransformForBothScalers(@ForAll("matrices") double[][] rows) {
        for (Scaler scaler : List.of(Scaler.minMax(), Scaler.standard())) {
            scaler.fit(rows);
            double[][] back = scaler.inverse(scaler.transform(rows));
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < rows[i].length; j++) {
                    double v = rows[i][j];
                    assertTrue(Double.isFinite(scaler.transform(rows)[i][j]), "a constant feature must not give NaN/inf");
                    assertEquals(v, back[i][j], 1e-9 * Math.max(1, Math.abs(v)), scaler + " row " + i + " feature " + j);
                }
            }
        }
    }

    @Provide
    Arbitrary<List<String>> texts() {
        Arbitrary<String> word = Arbitraries.of("the", "cat", "sat", "on", "a", "mat", "great", "phone", "5", "stars", "don't");
        return word.list().ofMinSize(0).ofMaxSize(12).map(ws -> String.join(" ", ws)).list().ofMinSize(1).ofMaxSize(20);
    }

    @Property(tries = 200)
    void encodedTextsArePaddedMaskedAndDecodeToTheirTokens(@ForAll("texts") List<String> texts, @ForAll @IntRange(min = 1, max = 15) int length,
                                                           @ForAll @IntRange(min = 0, max = 8) int maxSize) {
        Vocabulary v = Vocabulary.fit(texts, Tokenizer.words(), maxSize == 0 ? 0 : maxSize + 3);
        SequenceData d = v.encode(texts, length);
        float[] ids = d.x().dup().data().asFloat();
        float[] mask = d.mask().dup().data().asFloat();
        for (int i = 0; i < texts.size(); i++) {
            List<String> tokens = Tokenizer.words().tokenize(texts.get(i));
            int real = Math.min(length, tokens.size());
            float maskSum = 0;
            for (int t = 0; t < length; t++) {
                int id = (int) ids[i * length + t];
                assertTrue(id >= 0 && id < v.size(), "id " + id + " outside the vocabulary");
                maskSum += mask[i * length + t];
                if (t < real) {
                    String token = tokens.get(t);
                    assertEquals(v.contains(token) ? token : Vocabulary.OOV, v.token(id));
                    assertEquals(1f, mask[i * length + t]);
                } else if (t > 0 || real > 0) {
                    assertEquals(0, id, "padding is id 0");
                    assertEquals(0f, mask[i * length + t], "padding is masked");
                }
            }
            assertEquals(Math.max(1, real), (int) maskSum, "one mask step per real token (an empty text keeps one)");
        }
    }

    @Property(tries = 100)
    void shuffledBatchesCoverEverySampleOnce(@ForAll @IntRange(min = 1, max = 50) int n, @ForAll @IntRange(min = 1, max = 17) int batch,
                                              @ForAll long seed) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = i;
        INDArray x = org.nd4j.linalg.factory.Nd4j.createFromArray(values).reshape(n, 1, 1);
        List<Integer> seen = new ArrayList<>();
        for (SequenceData b : new SequenceData(x, null).batches(batch, seed)) {
            assertTrue(b.size() <= batch);
            for (float f : b.x().dup().data().asFloat()) seen.add((int) f);
        }
        seen.sort(Integer::compare);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) all.add(i);
        assertEquals(all, seen);
    }

    @Property(tries = 100)
    void nextTokenWindowsPairEachWindowWithTheTokenAfterIt(@ForAll @Size(min = 2, max = 80) List<@IntRange(min = 0, max = 9) Integer> idList,
                                                          @ForAll @IntRange(min = 1, max = 10) int length, @ForAll @IntRange(min = 1, max = 5) int stride) {
        Assume.that(idList.size() >= length + 1);
        int[] ids = idList.stream().mapToInt(Integer::intValue).toArray();
        SequenceData d = Vocabulary.nextToken(ids, length, stride);
        float[] x = d.x().dup().data().asFloat();
        float[] y = d.y().dup().data().asFloat();
        for (int k = 0; k < d.size(); k++) {
            for (int t = 0; t < length; t++) assertEquals(ids[k * stride + t], (int) x[k * length + t]);
            assertEquals(ids[k * stride + length], (int) y[k]);
        }
        assertEquals((ids.length - length - 1) / stride + 1, d.size());
    }
}
