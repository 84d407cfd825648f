package io.github.recur.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Recur vs DL4J vs PyTorch, one JVM, interleaved: for each workload every framework is set up and
 * warmed up, then the rounds go recur, dl4j, torch, recur, dl4j, torch, ... (each turn: a pause for
 * the previous framework's threads to go idle, one untimed timing, one timed one; a timing is
 * {@link Workload#repeats} steps back to back) and the table shows the median milliseconds per step
 * of each. Ratios are "times faster than" (theirs / ours).
 *
 * <pre>
 * java -jar bench/target/recur-bench.jar [--rounds 7] [--warmup 3] [--only lstm,train] [--no-torch]
 * java -jar bench/target/recur-bench.jar --memory recur|dl4j CELL T   (peak RSS of this process)
 * </pre>
 */
public final class Bench {
    private Bench() {}

    static final int B = 64, T = 100, I = 32, H = 128;
    static final int LONG_T = 500, LONG_H = 256;

    /** The issues' workloads: the base step, a long one, step-by-step generation, an IMDB epoch, an encoder–decoder step. */
    static List<Workload> workloads() {
        var out = new ArrayList<Workload>();
        for (String c : List.of("lstm", "gru", "rnn")) {
            out.add(new Workload(c, "train", B, T, I, H));
            out.add(new Workload(c, "infer", B, T, I, H));
            out.add(new Workload(c, "train", B, LONG_T, I, LONG_H));
            out.add(new Workload(c, "gen", 1, Workload.GEN_STEPS, I, H));
        }
        out.add(Workload.imdbEpoch());
        out.add(Workload.seq2seq());
        return out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        if (opt.containsKey("memory")) {
            memory(opt.get("memory").split(","));
            return;
        }
        if (opt.containsKey("threads-compare")) {
            threadsCompare(opt);
            return;
        }
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "7"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "3"));
        List<String> only = opt.containsKey("only") ? List.of(opt.get("only").split(",")) : List.of();
        boolean torch = !opt.containsKey("no-torch");
        boolean dl4j = !opt.containsKey("no-dl4j");
        Path script = Path.of(opt.getOrDefault("torch-script", "bench/torch_bench.py"));
        String python = opt.getOrDefault("python", "/usr/bin/python3");
        int threads = Integer.parseInt(opt.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));

        System.err.println(environment());
        TorchRunner py = torch && Files.exists(script) ? TorchRunner.start(python, script, threads) : null;
        var rows = new ArrayList<Row>();
        try {
            for (Workload w : workloads()) {
                if (!only.isEmpty() && !only.stream().allMatch(s -> w.label().contains(s))) continue;
                rows.add(run(w, rounds, warmup, dl4j, py));
            }
        } finally {
            if (py != null) py.close();
        }
        System.out.println(table(rows));
    }

    record Row(Workload w, Map<String, Double> medianMs, Map<String, double[]> all) {
        double perStep(String fw) {
            Double m = medianMs.get(fw);
            return m == null ? Double.NaN : m / w.opsPerTiming();
        }
    }

    /** Warm-up timings of a gen workload at least (each is {@link Workload#GEN_STEPS} steps). */
    static final int GEN_WARMUP = 30;

    static Row run(Workload w, int rounds, int warmup, boolean withDl4j, TorchRunner py) throws Exception {
        boolean epoch = w.mode().equals("epoch"), seq2seq = w.mode().equals("seq2seq");
        var runners = new ArrayList<Runner>();
        runners.add(epoch ? new ImdbEpochRunner(w) : seq2seq ? new Seq2SeqRunner(w) : new OursRunner(w));
        if (withDl4j && !epoch && !seq2seq && Dl4jRunner.supports(w.cell())) runners.add(new Dl4jRunner(w));
        if (py != null) runners.add(py.setup(w));
        // Long workloads get fewer rounds: their medians are stable and DL4J takes seconds per step.
        boolean big = w.steps() * w.hidden() > T * H * 4;
        int r = big ? Math.min(rounds, 3) : rounds;
        int wu = big || epoch ? Math.min(warmup, 1) : warmup;
        // A generation loop runs thousands of steps; with a few hundred the gen row measured whether
        // the JIT had compiled the step path yet (0.05-0.27 ms per LSTM step for the same build).
        if (w.mode().equals("gen") && warmup > 0) wu = Math.max(wu, GEN_WARMUP);
        for (Runner x : runners) for (int i = 0; i < wu; i++) x.time();
        var times = new LinkedHashMap<String, double[]>();
        for (Runner x : runners) times.put(x.framework(), new double[r]);
        for (int i = 0; i < r; i++) {
            for (Runner x : runners) {
                settle();
                // One untimed timing first: after the settle pause the cores are cold, and the first step
                // of any framework then runs up to 1.6x slower (measured, RESULTS.md round 4); a
                // training loop runs its steps back to back.
                if (!epoch) x.time(); // an epoch is 157 steps back to back already
                times.get(x.framework())[i] = x.time();
            }
        }
        var med = new LinkedHashMap<String, Double>();
        times.forEach((k, v) -> med.put(k, median(v)));
        var sb = new StringBuilder(w.label());
        for (Runner x : runners) {
            sb.append(String.format(Locale.ROOT, "  %s %.2f ms (check %.4f)", x.framework(), med.get(x.framework()) / w.opsPerTiming(), x.check()));
        }
        for (Runner x : runners) { // every timing, in round order, for the record (RESULTS.md quotes them)
            sb.append("\n    ").append(x.framework()).append(" per round:");
            for (double t : times.get(x.framework())) sb.append(String.format(Locale.ROOT, " %.1f", t / w.opsPerTiming()));
        }
        System.err.println(sb);
        return new Row(w, med, times);
    }

    /**
     * Our layer under several thread set-ups, interleaved on the same model, e.g.
     * {@code --threads-compare omp2-blas2,omp1-blas2,omp1-blas1 --only lstm,train,T=100}.
     */
    static void threadsCompare(Map<String, String> opt) throws Exception {
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "7"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "3"));
        List<String> only = opt.containsKey("only") ? List.of(opt.get("only").split(",")) : List.of();
        var setups = Arrays.stream(opt.get("threads-compare").split(",")).map(ThreadSetup::parse).toList();
        System.err.println(environment());
        for (Workload w : workloads()) {
            if (!only.isEmpty() && !only.stream().allMatch(s -> w.label().contains(s))) continue;
            Runner ours = new OursRunner(w);
            var times = new LinkedHashMap<String, double[]>();
            var runners = setups.stream().map(s -> s.wrap(ours)).toList();
            for (Runner r : runners) { for (int i = 0; i < warmup; i++) r.time(); times.put(r.framework(), new double[rounds]); }
            for (int i = 0; i < rounds; i++) for (Runner r : runners) times.get(r.framework())[i] = r.time();
            var sb = new StringBuilder(w.label()).append(" (recur, ms per step, median):");
            times.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %s %.2f", k, median(v) / w.opsPerTiming())));
            System.out.println(sb);
        }
    }

    /**
     * Lets the previous framework's idle threads stop spinning before the next one is timed:
     * OpenBLAS and OpenMP workers busy-wait for a while after their last job, and on two cores
     * that would be charged to whoever runs next (measured: PyTorch 3-10x slower without it).
     */
    static void settle() throws InterruptedException { Thread.sleep(SETTLE_MS); }

    static final long SETTLE_MS = 300;

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static String table(List<Row> rows) {
        var sb = new StringBuilder();
        String head = String.format(Locale.ROOT, "| %-36s | %10s | %10s | %10s | %12s | %13s |%n",
                "workload (ms per step, median)", "recur", "dl4j", "pytorch", "dl4j/recur", "pytorch/recur");
        sb.append(head);
        sb.append("|").append("-".repeat(38)).append("|").append("-".repeat(12)).append("|").append("-".repeat(12))
                .append("|").append("-".repeat(12)).append("|").append("-".repeat(14)).append("|").append("-".repeat(15)).append("|\n");
        for (Row r : rows) {
            double ours = r.perStep("recur"), d = r.perStep("dl4j"), t = r.perStep("torch");
            sb.append(String.format(Locale.ROOT, "| %-36s | %10s | %10s | %10s | %12s | %13s |%n",
                    r.w().label(), ms(ours), ms(d), ms(t), ratio(d, ours), ratio(t, ours)));
        }
        sb.append("gen = batch 1, one time step per call with carried state (").append(Workload.GEN_STEPS)
                .append(" calls per timing); imdb epoch = one training epoch of Keras's IMDB example, ms per epoch; s2s+attn = GRU encoder-decoder")
                .append(" with additive attention, source and target T ids of V words, embeddings and units H; ratios > 1 mean recur is faster.\n");
        return sb.toString();
    }

    private static String ms(double v) {
        if (Double.isNaN(v)) return "n/a";
        return v < 1 ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String ratio(double theirs, double ours) {
        return Double.isNaN(theirs) || Double.isNaN(ours) ? "n/a" : String.format(Locale.ROOT, "%.2fx", theirs / ours);
    }

    /** Environment line: what ND4J runs on and with how many threads. */
    static String environment() {
        var env = Nd4j.getEnvironment();
        var props = Nd4j.getExecutioner().getEnvironmentInformation();
        return String.format(Locale.ROOT, "ND4J %s, backend %s, cpu features %s, omp threads %s, blas threads %d, OMP_NUM_THREADS=%s OPENBLAS_NUM_THREADS=%s",
                props.getOrDefault("nd4j.version", "1.0.0-M2.1"), props.get("backend"), props.get("cpu.features"),
                props.get("omp.threads"), Nd4j.factory().blas().getMaxThreads(),
                System.getenv("OMP_NUM_THREADS"), System.getenv("OPENBLAS_NUM_THREADS"))
                + String.format(Locale.ROOT, "; env maxThreads %d, maxMasterThreads %d", env.maxThreads(), env.maxMasterThreads());
    }

    /** Peak resident set (VmHWM) after two training steps of one framework, in this fresh process. */
    static void memory(String[] what) throws Exception {
        String fw = what[0], cell = what[1];
        int steps = Integer.parseInt(what[2]);
        Workload w = new Workload(cell, "train", B, steps, I, H);
        Runner r = fw.equals("dl4j") ? new Dl4jRunner(w) : new OursRunner(w);
        double setup = procStatus("VmRSS");
        for (int i = 0; i < 2; i++) r.time();
        System.out.printf(Locale.ROOT, "{\"framework\": \"%s\", \"cell\": \"%s\", \"T\": %d, \"peak_mib\": %.1f, \"setup_mib\": %.1f}%n",
                r.framework(), cell, steps, procStatus("VmHWM"), setup);
    }

    static double procStatus(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
        return Double.NaN;
    }

    static Map<String, String> options(String[] args) {
        var m = new LinkedHashMap<String, String>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + args[i]);
            String k = args[i].substring(2);
            if (k.equals("memory")) {
                m.put(k, String.join(",", Arrays.copyOfRange(args, i + 1, i + 4)));
                i += 3;
            } else if (k.startsWith("no-") || i + 1 >= args.length) {
                m.put(k, "true");
            } else {
                m.put(k, args[++i]);
            }
        }
        return m;
    }
}
