package io.github.recur.bench;

import java.util.Random;

/** Deterministic random inputs, shared by all frameworks of a workload. */
final class Data {
    private Data() {}

    /** Batch-first {@code [B][T][I]} flattened, uniform in [-1, 1]. */
    static float[] inputs(Workload w, long seed) {
        Random r = new Random(seed);
        float[] x = new float[w.batch() * w.steps() * w.inputs()];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
        return x;
    }

    static float[] targets(Workload w, long seed) {
        Random r = new Random(seed + 1);
        float[] y = new float[w.batch()];
        for (int i = 0; i < y.length; i++) y[i] = r.nextFloat() * 2 - 1;
        return y;
    }
}
