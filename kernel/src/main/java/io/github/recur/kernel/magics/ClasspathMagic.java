package io.github.recur.kernel.magics;

import io.github.recur.kernel.evaluation.Outcome;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/** {@code %classpath dir-or-jar ...} (alias {@code %jars}): makes classes usable in later cells; without arguments lists the class path. */
final class ClasspathMagic implements Magic {
    @Override public List<String> names() { return List.of("%classpath", "%jars"); }

    @Override public String usage() { return "%classpath PATH...  add jars or class directories (globs such as lib/*.jar); no PATH lists the class path (alias %jars)"; }

    @Override
    public Outcome line(String args, Magics magics) throws IOException {
        if (args.isBlank()) {
            magics.evaluator().classpath().forEach(System.out::println);
            return Outcome.none();
        }
        int n = 0;
        for (String spec : args.split("\\s+")) {
            List<Path> paths = glob(spec);
            if (paths.isEmpty()) {
                return Outcome.error("FileNotFoundError", "%classpath: no jar or directory matches '" + spec + "' (looked for "
                        + Path.of(spec).toAbsolutePath().normalize() + ")");
            }
            for (Path p : paths) if (magics.evaluator().addToClasspath(p.toAbsolutePath().normalize().toString())) n++;
        }
        System.out.println("Added " + n + " path(s) to the class path");
        return Outcome.none();
    }

    /** A path, or a glob in its last segment ({@code lib/*.jar}). */
    static List<Path> glob(String spec) throws IOException {
        Path p = Path.of(spec);
        String last = p.getFileName() == null ? "" : p.getFileName().toString();
        if (!last.contains("*") && !last.contains("?")) return Files.exists(p) ? List.of(p) : List.of();
        Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
        if (!Files.isDirectory(dir)) return List.of();
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + last);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> m.matches(f.getFileName())).sorted().toList();
        }
    }
}
