package io.github.recur.model;

import io.github.recur.data.SequenceData;
import java.util.List;

/** The options of one {@code fit} call with their defaults, as Keras has them. */
record FitSettings(int epochs, int batchSize, double validationSplit, SequenceData validation, Long seed,
                   boolean shuffle, boolean verbose, List<Callback> callbacks, int tbptt) {

    static FitSettings of(FitOption... options) {
        int epochs = 1, batchSize = 32, tbptt = 0;
        double split = 0;
        SequenceData validation = null;
        Long seed = null;
        boolean shuffle = true, verbose = true;
        List<Callback> callbacks = List.of();
        if (options == null) throw new IllegalArgumentException("fit: options is null; leave them out, or e.g. fit(x, y, epochs(10))");
        for (int i = 0; i < options.length; i++) {
            FitOption o = options[i];
            if (o == null) throw new IllegalArgumentException("fit: option " + i + " is null; e.g. epochs(10), batchSize(32)");
            switch (o.kind) {
                case EPOCHS -> epochs = (Integer) o.value;
                case BATCH_SIZE -> batchSize = (Integer) o.value;
                case VALIDATION_SPLIT -> split = (Double) o.value;
                case VALIDATION_DATA -> validation = (SequenceData) o.value;
                case SEED -> seed = (Long) o.value;
                case SHUFFLE -> shuffle = (Boolean) o.value;
                case VERBOSE -> verbose = (Boolean) o.value;
                case CALLBACKS -> callbacks = o.callbacks();
                case TBPTT -> tbptt = (Integer) o.value;
            }
        }
        if (split > 0 && validation != null) throw new IllegalArgumentException("fit: give validationSplit or validationData, not both");
        return new FitSettings(epochs, batchSize, split, validation, seed, shuffle, verbose, callbacks, tbptt);
    }
}
