package io.github.recur.bench;

import static io.github.recur.Recur.*;

import io.github.recur.model.Model;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's IMDB example through Recur's public API, one training epoch per timing:
 * {@code sequential(embedding(10000, 32), simpleRnn(32), dense(1, "sigmoid"))}, RMSprop 1e-3, binary
 * cross-entropy, batch 128, shuffled, on 20,000 synthetic reviews of 500 ids (the shape of
 * {@code imdb.load_data(num_words=10000)} padded to 500, less validationSplit 0.2).
 */
final class ImdbEpochRunner implements Runner {
    private final Workload w;
    private final Model model;
    private final INDArray x, y;
    private double last;

    ImdbEpochRunner(Workload w) { this(w, Workload.IMDB_SAMPLES, Workload.IMDB_VOCAB); }

    /** Another number of reviews and words (the smoke test's tiny epoch). */
    ImdbEpochRunner(Workload w, int samples, int vocab) {
        this.w = w;
        model = sequential(embedding(vocab, w.inputs()), simpleRnn(w.hidden()), dense(1, "sigmoid")).seed(1);
        model.compile(rmsprop(1e-3), binaryCrossentropy());
        x = Nd4j.create(ids(samples, w.steps(), vocab, 7), new long[] {samples, w.steps()}, 'c');
        y = Nd4j.create(labels(samples, 8), new long[] {samples, 1}, 'c');
    }

    /** Uniform ids in [0, vocab): every row of the embedding is used, as with real reviews. */
    static float[] ids(int n, int steps, int vocab, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n * steps];
        for (int i = 0; i < a.length; i++) a[i] = r.nextInt(vocab);
        return a;
    }

    static float[] labels(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextInt(2);
        return a;
    }

    @Override public String framework() { return "recur"; }

    @Override public double time() {
        long t0 = System.nanoTime();
        last = model.fit(x, y, epochs(1), batchSize(w.batch()), shuffle(true), verbose(false)).last("loss");
        return (System.nanoTime() - t0) / 1e6;
    }

    @Override public double check() { return last; }
}
