package io.github.recur.kernel;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Line magics ({@code %name args} on their own line, anywhere in a cell) and the {@code %%time}
 * cell magic. A cell is split into Java chunks and magic lines, run in order; the first error
 * stops the cell.
 */
final class Magics {
    static final List<String> NAMES = List.of("%maven", "%classpath", "%jars", "%load", "%time", "%%time", "%backend");

    private final Evaluator evaluator;

    Magics(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** Runs a cell: magics and Java. */
    Evaluator.Outcome run(String cell) {
        String trimmed = cell.stripLeading();
        if (trimmed.startsWith("%%")) {
            int nl = trimmed.indexOf('\n');
            String head = (nl < 0 ? trimmed : trimmed.substring(0, nl)).trim();
            String body = nl < 0 ? "" : trimmed.substring(nl + 1);
            if (head.equals("%%time")) return timed(() -> run(body));
            return Evaluator.Outcome.error("UnknownMagic", "Unknown cell magic " + head.split("\\s+")[0],
                    List.of("Cell magics: %%time"));
        }
        StringBuilder java = new StringBuilder();
        Evaluator.Outcome last = Evaluator.Outcome.none();
        for (String line : cell.split("\n", -1)) {
            if (line.stripLeading().startsWith("%") && !line.stripLeading().startsWith("%%")) {
                if (!java.toString().isBlank()) {
                    last = evaluator.eval(java.toString());
                    if (last.failed()) return last;
                }
                java.setLength(0);
                last = line(line.strip());
                if (last.failed()) return last;
                java.append('\n'); // keep line numbers of later Java lines meaningful
            } else {
                java.append(line).append('\n');
            }
        }
        if (!java.toString().isBlank()) last = evaluator.eval(java.toString());
        return last;
    }

    private Evaluator.Outcome line(String magic) {
        int sp = magic.indexOf(' ');
        String name = sp < 0 ? magic : magic.substring(0, sp);
        String args = sp < 0 ? "" : magic.substring(sp + 1).trim();
        try {
            switch (name) {
                case "%time": return timed(() -> evaluator.eval(args));
                case "%maven": return maven(args);
                case "%classpath": case "%jars": return classpath(args);
                case "%load": return load(args);
                case "%backend": return backend();
                default:
                    return Evaluator.Outcome.error("UnknownMagic", "Unknown magic " + name,
                            List.of("Unknown magic " + name + "; available: " + String.join(", ", NAMES)));
            }
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            return Evaluator.Outcome.error(e.getClass().getSimpleName(), msg, List.of(name + ": " + msg));
        }
    }

    private static Evaluator.Outcome timed(java.util.function.Supplier<Evaluator.Outcome> body) {
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        Evaluator.Outcome o = body.get();
        long wall = System.nanoTime() - t0;
        long cpu = cpuNanos() - cpu0;
        System.out.printf("Wall time: %s (process CPU: %s)%n", human(wall), human(cpu));
        return o;
    }

    private static long cpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
    }

    static String human(long nanos) {
        if (nanos < 1_000_000) return String.format("%.1f µs", nanos / 1e3);
        if (nanos < 1_000_000_000) return String.format("%.1f ms", nanos / 1e6);
        return String.format("%.2f s", nanos / 1e9);
    }

    private Evaluator.Outcome maven(String args) throws IOException, InterruptedException {
        if (args.isBlank()) throw new IllegalArgumentException("usage: %maven group:artifact:version [...]");
        List<String> jars = MavenResolver.resolve(List.of(args.split("\\s+")));
        List<String> added = new ArrayList<>();
        int skipped = 0;
        for (String jar : jars) {
            if (MavenResolver.alreadyProvided(jar, evaluator.classpath())) { skipped++; continue; }
            if (evaluator.addToClasspath(jar)) added.add(Path.of(jar).getFileName().toString());
        }
        System.out.println("Added " + added.size() + " jar(s)" + (added.isEmpty() ? "" : ": " + String.join(", ", added))
                + (skipped > 0 ? " (" + skipped + " already provided by the kernel)" : ""));
        return Evaluator.Outcome.none();
    }

    private Evaluator.Outcome classpath(String args) throws IOException {
        if (args.isBlank()) {
            evaluator.classpath().forEach(System.out::println);
            return Evaluator.Outcome.none();
        }
        int n = 0;
        for (String spec : args.split("\\s+")) {
            List<Path> paths = glob(spec);
            if (paths.isEmpty()) throw new IllegalArgumentException("No jar or directory matches '" + spec + "'");
            for (Path p : paths) if (evaluator.addToClasspath(p.toAbsolutePath().normalize().toString())) n++;
        }
        System.out.println("Added " + n + " path(s) to the class path");
        return Evaluator.Outcome.none();
    }

    /** A path, or a glob in its last segment ({@code lib/*.jar}). */
    static List<Path> glob(String spec) throws IOException {
        Path p = Path.of(spec);
        String last = p.getFileName() == null ? "" : p.getFileName().toString();
        if (!last.contains("*") && !last.contains("?")) return Files.exists(p) ? List.of(p) : List.of();
        Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + last);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> m.matches(f.getFileName())).sorted().toList();
        }
    }

    private Evaluator.Outcome load(String args) throws IOException {
        Path file = Path.of(args.replaceAll("^[\"']|[\"']$", ""));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("%load: no such file '" + file.toAbsolutePath() + "'");
        }
        return run(Files.readString(file));
    }

    private Evaluator.Outcome backend() {
        Map<String, String> info = backendInfo();
        StringBuilder sb = new StringBuilder();
        info.forEach((k, v) -> sb.append(String.format("%-16s %s%n", k + ":", v)));
        System.out.print(sb);
        return Evaluator.Outcome.none();
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    /** Which nd4j-native jar is loaded: the generic build or an -avx2 / -avx512 one. */
    private static String nativeBuild() {
        for (String entry : KernelServer.compileClasspath()) {
            String name = java.nio.file.Path.of(entry).getFileName().toString();
            if (name.matches("nd4j-native-\\d.*-(linux|macosx|windows)-.*")) return name.replace(".jar", "");
        }
        return "unknown (not on the class path)";
    }

    /** ND4J backend, device, threads and BLAS as reported by ND4J itself. */
    static Map<String, String> backendInfo() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        var backend = org.nd4j.linalg.factory.Nd4j.getBackend();
        var env = org.nd4j.linalg.factory.Nd4j.getExecutioner().getEnvironmentInformation();
        Function<String, String> get = k -> env.get(k) == null ? "?" : String.valueOf(env.get(k));
        m.put("backend", backend.getClass().getSimpleName() + " (" + get.apply("backend") + ")");
        m.put("device", org.nd4j.linalg.factory.Nd4j.getEnvironment().isCPU() ? "CPU" : "GPU " + get.apply("cuda.devicesInformation"));
        m.put("blas", get.apply("blas.vendor"));
        m.put("omp threads", get.apply("omp.threads"));
        String wait = System.getenv("OMP_WAIT_POLICY");
        m.put("omp wait policy", wait == null ? "unset (idle threads spin; PASSIVE is faster here)" : wait);
        m.put("blas threads", String.valueOf(org.nd4j.linalg.factory.Nd4j.factory().blas().getMaxThreads()));
        m.put("cores", get.apply("cores"));
        m.put("data type", String.valueOf(org.nd4j.linalg.factory.Nd4j.dataType()));
        m.put("native build", nativeBuild());
        m.put("JVM heap max", gib(Runtime.getRuntime().maxMemory()));
        long physical = org.bytedeco.javacpp.Pointer.maxPhysicalBytes();
        m.put("native memory", "up to " + gib(org.bytedeco.javacpp.Pointer.maxBytes()) + " for ND4J arrays; resident size "
                + (physical > 0 ? "checked on every allocation, limit " + gib(physical) : "not checked (faster small arrays)"));
        Map<String, String> rest = new TreeMap<>();
        env.forEach((k, v) -> rest.put(String.valueOf(k), String.valueOf(v)));
        // Shown above, or counters that mean nothing on a CPU (all-zero transfer bandwidths).
        rest.keySet().removeAll(List.of("backend", "blas.vendor", "omp.threads", "cores", "blas.threads",
                "memory.available", "memory.free", "memoryBandwidth"));
        rest.forEach((k, v) -> m.put(k, v.length() > 120 ? v.substring(0, 117) + "..." : v));
        return m;
    }
}
