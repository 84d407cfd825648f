package io.github.recur.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two (or more) builds of the DSL in one JVM, called in turn: how the rows of the change tables in
 * RESULTS.md are measured. On this shared machine single runs move by ±40 % and separate processes
 * more; alternating call by call puts every build under the same noise. Each build (a
 * {@code dsl/target/classes} folder, e.g. of a git worktree at the older commit) is loaded child-first
 * in its own class loader together with the harness's {@link OursRunner}; ND4J is shared.
 *
 * <pre>
 * java -cp bench/target/recur-bench.jar io.github.recur.bench.AbCompare OLD/dsl/target/classes dsl/target/classes \
 *      [--cell lstm] [--modes train,infer,gen] [--rounds 20] [--warmup 4] [--batch 64] [--steps 100] [--hidden 128]
 * java ... AbCompare OLD NEW --cell rnn --modes epoch --batch 128 --steps 500 --inputs 32 --hidden 32 [--samples 2560]
 *      (Keras's IMDB model, {@link ImdbEpochRunner}, one epoch of --samples reviews per timing)
 * java ... AbCompare OLD NEW --modes seq2seq   (the encoder–decoder step of {@link Workload#seq2seq()}, its own sizes)
 * </pre>
 */
public final class AbCompare {
    private AbCompare() {}

    private static final String USAGE = "usage: AbCompare BUILD_CLASSES BUILD_CLASSES [...] [--cell lstm|gru|rnn] "
            + "[--modes train,infer,gen,epoch,seq2seq] [--rounds 20] [--warmup 4] [--batch 64] [--steps 100] [--inputs 32] [--hidden 128] [--samples n]";

    public static void main(String[] args) throws Exception {
        List<String> builds = new ArrayList<>();
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) opt.put(args[i].substring(2), args[++i]);
            else builds.add(args[i]);
        }
        try {
            compare(builds, opt).forEach(System.out::println);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
        }
    }

    /** Runs the comparison and returns one line per build and mode: median and minimum ms per step. */
    static List<String> compare(List<String> builds, Map<String, String> opt) throws Exception {
        if (builds.size() < 2) throw new IllegalArgumentException("give at least two builds to compare, got " + builds.size());
        for (String b : builds) {
            if (!Files.isDirectory(Path.of(b, "io", "github", "recur"))) {
                throw new IllegalArgumentException("not a compiled DSL classes folder (no io/github/recur inside): " + b);
            }
        }
        String cell = opt.getOrDefault("cell", "lstm");
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "20"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "4"));
        int batch = Integer.parseInt(opt.getOrDefault("batch", "64"));
        int steps = Integer.parseInt(opt.getOrDefault("steps", "100"));
        int inputs = Integer.parseInt(opt.getOrDefault("inputs", "32"));
        int hidden = Integer.parseInt(opt.getOrDefault("hidden", "128"));
        URL harness = AbCompare.class.getProtectionDomain().getCodeSource().getLocation();

        List<String> lines = new ArrayList<>();
        for (String mode : opt.getOrDefault("modes", "train,infer").split(",")) {
            Workload label = mode.equals("seq2seq") ? Workload.seq2seq()
                    : new Workload(cell, mode, mode.equals("gen") ? 1 : batch, steps, inputs, hidden);
            List<Method> timers = new ArrayList<>();
            List<Object> runners = new ArrayList<>();
            for (String b : builds) {
                ClassLoader loader = new ChildFirst(new URL[] {Path.of(b).toUri().toURL(), harness}, AbCompare.class.getClassLoader());
                Class<?> wc = loader.loadClass(Workload.class.getName());
                Object w = wc.getConstructors()[0].newInstance(label.cell(), label.mode(), label.batch(), label.steps(), label.inputs(), label.hidden());
                Object runner;
                if (mode.equals("epoch")) { // Keras's IMDB model on --samples reviews (default: a 20-batch epoch)
                    Constructor<?> make = loader.loadClass(ImdbEpochRunner.class.getName()).getDeclaredConstructor(wc, int.class, int.class);
                    make.setAccessible(true);
                    runner = make.newInstance(w, Integer.parseInt(opt.getOrDefault("samples", String.valueOf(20 * batch))), Workload.IMDB_VOCAB);
                } else if (mode.equals("seq2seq")) {
                    Constructor<?> make = loader.loadClass(Seq2SeqRunner.class.getName()).getDeclaredConstructor(wc);
                    make.setAccessible(true);
                    runner = make.newInstance(w);
                } else {
                    Constructor<?> make = loader.loadClass(OursRunner.class.getName()).getDeclaredConstructor(wc);
                    make.setAccessible(true);
                    runner = make.newInstance(w);
                }
                Method time = runner.getClass().getMethod("time");
                time.setAccessible(true);
                runners.add(runner);
                timers.add(time);
            }
            int n = builds.size();
            double[][] ms = new double[n][rounds];
            for (int i = 0; i < warmup; i++) for (int k = 0; k < n; k++) timers.get(k).invoke(runners.get(k));
            for (int r = 0; r < rounds; r++) {
                for (int j = 0; j < n; j++) {
                    int k = r % 2 == 0 ? j : n - 1 - j; // A B, B A, ...: neither build always goes first
                    ms[k][r] = (double) timers.get(k).invoke(runners.get(k)) / label.opsPerTiming();
                }
            }
            double base = Bench.median(ms[0]);
            for (int k = 0; k < n; k++) {
                double[] sorted = ms[k].clone();
                Arrays.sort(sorted);
                lines.add(String.format(Locale.ROOT, "%s  %-40s median %8.3f ms  min %8.3f  (%.2fx of the first)",
                        label.label(), shorten(builds.get(k)), Bench.median(ms[k]), sorted[0], Bench.median(ms[k]) / base));
            }
        }
        return lines;
    }

    private static String shorten(String path) {
        return path.length() <= 40 ? path : "..." + path.substring(path.length() - 37);
    }

    /** Loads the DSL's and the harness's classes from its own folders first, everything else (ND4J) from the parent. */
    static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] urls, ClassLoader parent) { super(urls, parent); }

        @Override protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.github.recur.") || name.equals(AbCompare.class.getName())) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        c = super.loadClass(name, false);
                    }
                }
                if (resolve) resolveClass(c);
                return c;
            }
        }
    }
}
