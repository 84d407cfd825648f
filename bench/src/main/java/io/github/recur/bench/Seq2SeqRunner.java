package io.github.recur.bench;

import static io.github.recur.Recur.*;

import io.github.recur.Recur;
import io.github.recur.layers.Node;
import io.github.recur.layers.RecurrentNode;
import io.github.recur.model.Model;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 17's encoder–decoder through Recur's functional API, as notebook 09 declares it at translation
 * size ({@link Workload#seq2seq()}): a GRU encoder over embedded source ids, a GRU decoder over embedded
 * target ids started from the encoder's final state (teacher forcing), additive attention over the encoder
 * outputs with the decoder outputs as queries, dense to the vocabulary on {@code [decoder; context]},
 * sparse cross-entropy from logits, Adam 1e-3. Every sequence is full length (no id 0, no {@code maskZero}):
 * the padding-free case PyTorch runs without packing. One timed unit is {@code fit} on the 64 pairs
 * with {@code batchSize(64)}: one training step.
 */
final class Seq2SeqRunner implements Runner {
    /** The id that starts every target_in row, as a vocabulary's start token does. */
    static final int START = 1;

    private final Workload w;
    private final Model model;
    private final Map<String, INDArray> inputs;
    private final INDArray targetOut;
    private double last;

    Seq2SeqRunner(Workload w) {
        this.w = w;
        model = declare(w);
        model.compile(adam(1e-3), sparseCategoricalCrossentropy().fromLogits());
        int[][] pair = batch(w, 7);
        inputs = Map.of("source", ids(pair[0], w), "target_in", ids(pair[1], w));
        targetOut = ids(pair[2], w);
    }

    static Model declare(Workload w) {
        int vocab = w.vocab(), embed = w.inputs(), units = w.hidden();
        Node source = input("source").tokens();
        Node targetIn = input("target_in").tokens();
        RecurrentNode encoder = gru(units).returnSequences().named("encoder")
                .on(embedding(vocab, embed).named("source_embedding").on(source));
        RecurrentNode decoder = gru(units).returnSequences().named("decoder")
                .on(embedding(vocab, embed).named("target_embedding").on(targetIn), encoder.states());
        Node context = additiveAttention(units).named("attention").on(decoder, encoder);
        return Recur.model(List.of(source, targetIn), dense(vocab).named("output").on(concat(decoder, context))).seed(1);
    }

    /**
     * Source ids, target_in and target_out, each {@code [B * T]} row-major: ids uniform in {@code [2, vocab)},
     * target_in = start id then target_out shifted right by one (teacher forcing).
     */
    static int[][] batch(Workload w, long seed) {
        Random r = new Random(seed);
        int b = w.batch(), t = w.steps(), v = w.vocab();
        int[] source = new int[b * t], targetIn = new int[b * t], targetOut = new int[b * t];
        for (int i = 0; i < source.length; i++) source[i] = 2 + r.nextInt(v - 2);
        for (int i = 0; i < targetOut.length; i++) targetOut[i] = 2 + r.nextInt(v - 2);
        for (int row = 0; row < b; row++) {
            targetIn[row * t] = START;
            System.arraycopy(targetOut, row * t, targetIn, row * t + 1, t - 1);
        }
        return new int[][] {source, targetIn, targetOut};
    }

    private static INDArray ids(int[] a, Workload w) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = a[i];
        return Nd4j.create(f, new long[] {w.batch(), w.steps()}, 'c');
    }

    @Override public String framework() { return "recur"; }

    @Override public double time() {
        long t0 = System.nanoTime();
        for (int i = 0; i < w.repeats(); i++) {
            last = model.fit(inputs, targetOut, epochs(1), batchSize(w.batch()), shuffle(false), verbose(false)).last("loss");
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    @Override public double check() { return last; }

    Model model() { return model; }
}
