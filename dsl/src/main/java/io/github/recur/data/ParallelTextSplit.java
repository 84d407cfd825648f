package io.github.recur.data;

/**
 * A shuffled split of {@link ParallelText} into training, validation and test pairs, made by
 * {@link ParallelText#split}. Build vocabularies from {@link #train()} only, as a scaler is fitted on
 * training rows only: what the test pairs hold stays unseen.
 *
 * <pre>{@code
 * ParallelTextSplit parts = Datasets.dates().split(0.8, 0.1, 42);
 * Vocabulary in = Vocabulary.fit(parts.train().sources(), Tokenizer.characters());
 * ParallelText held = parts.test();
 * }</pre>
 *
 * @param train      pairs to train on
 * @param validation pairs to watch during training, or null when the split has no validation fraction
 * @param test       pairs to report on at the end
 */
public record ParallelTextSplit(ParallelText train, ParallelText validation, ParallelText test) {
    public ParallelTextSplit {
        if (train == null) throw new IllegalArgumentException("ParallelTextSplit: train is null; make a split with ParallelText.split");
        if (test == null) throw new IllegalArgumentException("ParallelTextSplit: test is null; make a split with ParallelText.split");
    }

    @Override public String toString() {
        return "ParallelTextSplit(train " + train.size() + ", validation " + (validation == null ? 0 : validation.size()) + ", test "
                + test.size() + " pairs)";
    }
}
