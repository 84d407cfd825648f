package io.github.recur.kernel.magics;

import io.github.recur.kernel.evaluation.Outcome;

import java.util.List;

/**
 * One magic command: a line magic ({@code %name args} on a line of its own) and/or a cell magic
 * ({@code %%name args} on a cell's first line, applied to the rest of the cell).
 * New magics implement this and are added with {@link Magics#register(Magic)}.
 */
public interface Magic {
    /** The names it answers to, with their percent signs: {@code "%time"}, {@code "%%time"}. */
    List<String> names();

    /** One line for {@code %lsmagic}: usage and what it does. */
    String usage();

    /** Runs {@code %name args}. */
    default Outcome line(String args, Magics magics) throws Exception {
        return Outcome.error("UsageError", names().get(0) + " is not a line magic; " + usage());
    }

    /** Runs a cell starting with {@code %%name args}; {@code body} is the rest of the cell. */
    default Outcome cell(String args, String body, Magics magics) throws Exception {
        return Outcome.error("UsageError", names().get(0) + " is not a cell magic; " + usage());
    }
}
