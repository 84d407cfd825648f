package io.github.recur.bench;

import java.util.Locale;

/**
 * One benchmark configuration: a cell ("lstm", "gru", "rnn"), a mode and the sizes.
 * Modes: {@code train} = optimizer steps (forward, BPTT, Adam) on a batch, last-step output
 * into a dense(1) head with MSE; {@code infer} = forwards of the same batch ({@link #repeats} of
 * either per timing); {@code gen} = batch 1, one time step at a time with carried state (text
 * generation), timed per step; {@code epoch} = one training epoch of Keras's IMDB example
 * ({@link #imdbEpoch()}): embedding, SimpleRNN, dense(1, sigmoid), RMSprop, binary cross-entropy;
 * {@code seq2seq} = training steps of a GRU encoder–decoder with additive attention ({@link #seq2seq()}).
 */
public record Workload(String cell, String mode, int batch, int steps, int inputs, int hidden) {
    /** Time steps run per timed operation in {@code gen} mode (the result is divided by it). */
    public static final int GEN_STEPS = 100;

    /** Keras's IMDB example at its size: 20,000 reviews (25,000 less validationSplit 0.2) of 500 ids from 10,000 words. */
    static final int IMDB_VOCAB = 10_000, IMDB_SAMPLES = 20_000;

    /** One training epoch of {@code embedding(10000, 32), simpleRnn(32), dense(1, "sigmoid")} on 20,000 × 500 ids, batch 128. */
    static Workload imdbEpoch() { return new Workload("rnn", "epoch", 128, 500, 32, 32); }

    /** Source and target vocabulary, attention units = hidden units, of {@link #seq2seq()}. */
    static final int SEQ2SEQ_VOCAB = 5_000;

    /**
     * Issue 17's encoder–decoder step: B=64, source and target of 20 ids from 5,000 words, embeddings of 256,
     * GRU(256) encoder and decoder (started from the encoder's state), additive attention (256 units), dense to
     * 5,000 on [decoder; context], sparse cross-entropy from logits, Adam ({@link Seq2SeqRunner}).
     */
    static Workload seq2seq() { return new Workload("gru", "seq2seq", 64, 20, 256, 256); }

    public String label() {
        if (mode.equals("seq2seq")) {
            return String.format(Locale.ROOT, "s2s+attn train B=%d T=%d V=%s H=%d", batch, steps, vocab() % 1000 == 0 ? vocab() / 1000 + "k" : vocab(), hidden);
        }
        if (mode.equals("epoch")) {
            return String.format(Locale.ROOT, "imdb epoch N=%d B=%d T=%d E=%d H=%d", IMDB_SAMPLES, batch, steps, inputs, hidden);
        }
        return String.format(Locale.ROOT, "%-4s %-5s B=%-3d T=%-4d I=%-3d H=%d", cell, mode, batch, steps, inputs, hidden);
    }

    /**
     * Training steps or forward passes run back to back in one timing, as a training loop or a batch of
     * predictions runs them: the T=100 sizes take 3–60 ms each, and a single one timed after the pause
     * between frameworks ran slow (our LSTM forward: median 16.8–18.8 ms after a 300 ms pause and one
     * untimed pass, 12.5 ms back to back). The long workloads take long enough alone; gen repeats inside.
     */
    public int repeats() {
        // an encoder–decoder step at translation size takes hundreds of milliseconds alone
        if (mode.equals("gen") || mode.equals("epoch") || mode.equals("seq2seq") || steps * hidden > SHORT) return 1;
        return mode.equals("train") ? 5 : 10;
    }

    /** Above this many time steps × hidden units a workload is timed once per timing (the T=100 sizes are 12,800). */
    static final int SHORT = Bench.T * Bench.H;

    /** The vocabulary of the workloads that read ids (IMDB's reviews, the seq2seq row's both sides). */
    public int vocab() { return mode.equals("seq2seq") ? SEQ2SEQ_VOCAB : IMDB_VOCAB; }

    /** How many single steps one timed operation contains. */
    public int opsPerTiming() { return mode.equals("gen") ? GEN_STEPS : repeats(); }

    public String json() {
        return String.format(Locale.ROOT, "{\"cell\":\"%s\",\"mode\":\"%s\",\"B\":%d,\"T\":%d,\"I\":%d,\"H\":%d,\"repeats\":%d,\"vocab\":%d,\"samples\":%d}",
                cell, mode, batch, steps, inputs, hidden, repeats(), vocab(), IMDB_SAMPLES);
    }
}
