package io.github.recur.kernel.magics;

import io.github.recur.kernel.evaluation.Outcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code %load file.jsh}: runs a file's Java (and magics) as if it were a cell. */
final class LoadMagic implements Magic {
    @Override public List<String> names() { return List.of("%load"); }

    @Override public String usage() { return "%load FILE   run the Java (and magics) in FILE as a cell"; }

    @Override
    public Outcome line(String args, Magics magics) throws IOException {
        if (args.isBlank()) return Outcome.error("UsageError", "%load needs a file, e.g. %load helpers.jsh");
        Path file = Path.of(args.replaceAll("^[\"']|[\"']$", ""));
        if (!Files.isRegularFile(file)) {
            return Outcome.error("FileNotFoundError", "%load: no such file '" + file.toAbsolutePath().normalize() + "'");
        }
        return magics.run(Files.readString(file));
    }
}
