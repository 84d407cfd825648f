package io.github.recur.model;

import io.github.recur.layers.Param;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weights that last gave a finite loss during {@code fit}, copied in place before each update
 * (where they are known to be good), so that a fit whose loss becomes NaN or infinite can put them
 * back: finite weights alone are not enough, since an update can leave finite weights that already
 * overflow on the next batch.
 */
final class LastFiniteWeights {
    private INDArray[] copies;
    private double loss;
    private int epoch = -1, batch = -1;
    private boolean kept;

    /**
     * Keeps {@code params}' values, which gave {@code loss} on batch {@code batch} (0-based) of epoch
     * {@code epoch}; -1 for both: the weights a fit starts from, before any loss.
     */
    void keep(List<Param> params, double loss, int epoch, int batch) {
        if (copies == null || copies.length != params.size()) copies = new INDArray[params.size()];
        for (int i = 0; i < copies.length; i++) {
            INDArray v = params.get(i).value();
            if (copies[i] == null || copies[i].length() != v.length() || copies[i].dataType() != v.dataType()) copies[i] = v.dup('c');
            else copies[i].assign(v);
        }
        this.loss = loss;
        this.epoch = epoch;
        this.batch = batch;
        kept = true;
    }

    /** Puts the kept values back into {@code params}; false when nothing was kept in this fit. */
    boolean restoreInto(List<Param> params) {
        if (!kept || copies.length != params.size()) return false;
        for (int i = 0; i < copies.length; i++) params.get(i).value().assign(copies[i]);
        return true;
    }

    double loss() { return loss; }
    int epoch() { return epoch; }
    int batch() { return batch; }
}
