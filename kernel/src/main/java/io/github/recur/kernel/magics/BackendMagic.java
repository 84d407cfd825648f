package io.github.recur.kernel.magics;

import io.github.recur.kernel.evaluation.Evaluator;
import io.github.recur.layers.ComputePath;
import io.github.recur.kernel.evaluation.Outcome;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** {@code %backend}: the JVM, ND4J's backend, device, BLAS, threads and memory limits in use. */
final class BackendMagic implements Magic {
    @Override public List<String> names() { return List.of("%backend"); }

    @Override public String usage() { return "%backend   Java, ND4J backend, device, BLAS, threads, memory and recurrence path in use"; }

    @Override
    public Outcome line(String args, Magics magics) {
        StringBuilder sb = new StringBuilder();
        info(magics.evaluator()).forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-16s %s%n", k + ":", v)));
        System.out.print(sb);
        return Outcome.none();
    }

    /** ND4J backend, device, threads and BLAS as ND4J reports them, with the JVM's own facts first. */
    static Map<String, String> info(Evaluator evaluator) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("java", Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")");
        m.put("interrupt", "stops busy cells with " + evaluator.stopMechanism());
        var backend = Nd4j.getBackend();
        var env = Nd4j.getExecutioner().getEnvironmentInformation();
        Function<String, String> get = k -> env.get(k) == null ? "?" : String.valueOf(env.get(k));
        m.put("backend", backend.getClass().getSimpleName() + " (" + get.apply("backend") + ")");
        m.put("device", Nd4j.getEnvironment().isCPU() ? "CPU" : "GPU " + get.apply("cuda.devicesInformation"));
        m.put("blas", get.apply("blas.vendor"));
        m.put("omp threads", get.apply("omp.threads"));
        String wait = System.getenv("OMP_WAIT_POLICY");
        m.put("omp wait policy", wait == null ? "unset (idle threads spin; PASSIVE is faster here)" : wait);
        m.put("blas threads", String.valueOf(Nd4j.factory().blas().getMaxThreads()));
        m.put("cores", get.apply("cores"));
        m.put("data type", String.valueOf(Nd4j.dataType()));
        m.put("recurrence", ComputePath.current() + ": " + ComputePath.describe());
        m.put("native build", nativeBuild(evaluator));
        m.put("JVM heap max", gib(Runtime.getRuntime().maxMemory()));
        long physical = Pointer.maxPhysicalBytes();
        m.put("native memory", "up to " + gib(Pointer.maxBytes()) + " for ND4J arrays; resident size "
                + (physical > 0 ? "checked on every allocation, limit " + gib(physical) : "not checked (faster small arrays)"));
        Map<String, String> rest = new TreeMap<>();
        env.forEach((k, v) -> rest.put(String.valueOf(k), String.valueOf(v)));
        // Shown above, or counters that mean nothing on a CPU (all-zero transfer bandwidths).
        rest.keySet().removeAll(List.of("backend", "blas.vendor", "omp.threads", "cores", "blas.threads",
                "memory.available", "memory.free", "memoryBandwidth"));
        rest.forEach((k, v) -> m.put(k, v.length() > 120 ? v.substring(0, 117) + "..." : v));
        return m;
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    /** Which nd4j-native jar is loaded: the generic build or an -avx2 / -avx512 one. */
    private static String nativeBuild(Evaluator evaluator) {
        for (String entry : evaluator.classpath()) {
            String name = Path.of(entry).getFileName().toString();
            if (name.matches("nd4j-native-\\d.*-(linux|macosx|windows)-.*")) return name.replace(".jar", "");
        }
        return "unknown (not on the class path)";
    }
}
