package io.github.recur.bench;

import static io.github.recur.Recur.*;

import io.github.recur.layers.Recurrent;
import io.github.recur.model.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Recur through its public API: {@code sequential(lstm(H), dense(1))}, Adam, MSE; {@code fit} for one batch. */
final class OursRunner implements Runner {
    private final Workload w;
    private final Model model;
    private final INDArray x, y, xt;
    private double last;

    OursRunner(Workload w) {
        this.w = w;
        Recurrent rnn = switch (w.cell()) {
            case "lstm" -> lstm(w.hidden());
            case "gru" -> gru(w.hidden());
            case "rnn" -> simpleRnn(w.hidden());
            default -> throw new IllegalArgumentException("unknown cell " + w.cell());
        };
        model = sequential(rnn, dense(1)).seed(1);
        model.compile(adam(1e-3), mse());
        x = Nd4j.create(Data.inputs(w, 7), new long[] {w.batch(), w.steps(), w.inputs()}, 'c');
        y = Nd4j.create(Data.targets(w, 7), new long[] {w.batch(), 1}, 'c');
        xt = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c');
        model.build(w.inputs());
    }

    @Override public String framework() { return "recur"; }

    @Override public double time() {
        long t0 = System.nanoTime();
        switch (w.mode()) {
            case "train" -> { for (int i = 0; i < w.repeats(); i++) last = model.fit(x, y, epochs(1), batchSize(w.batch()), shuffle(false), verbose(false)).last("loss"); }
            case "infer" -> { for (int i = 0; i < w.repeats(); i++) last = model.predict(x).getDouble(0); }
            case "gen" -> {
                model.resetState();
                INDArray out = null;
                for (int s = 0; s < Workload.GEN_STEPS; s++) out = model.step(xt);
                last = out.getDouble(0);
            }
            default -> throw new IllegalArgumentException(w.mode());
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    @Override public double check() { return last; }

    Model model() { return model; }

    static DataType dtype() { return DataType.FLOAT; }
}
