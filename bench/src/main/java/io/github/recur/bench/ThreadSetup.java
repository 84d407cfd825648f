package io.github.recur.bench;

import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A thread set-up of ND4J on this machine: its own OpenMP threads (element-wise ops, reductions)
 * and OpenBLAS's threads (matrix products). Both can be changed at run time, so set-ups can be
 * compared interleaved on the same model in one JVM ({@code --threads-compare}).
 */
record ThreadSetup(int omp, int blas) {
    static ThreadSetup parse(String s) {
        String[] p = s.toLowerCase(Locale.ROOT).replace("omp", "").split("-?blas");
        return new ThreadSetup(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
    }

    static ThreadSetup current() {
        return new ThreadSetup(Nd4j.getEnvironment().maxThreads(), Nd4j.factory().blas().getMaxThreads());
    }

    void apply() {
        Nd4j.getEnvironment().setMaxThreads(omp);
        Nd4j.getEnvironment().setMaxMasterThreads(omp);
        Nd4j.factory().blas().setMaxThreads(blas);
    }

    String label() { return "omp" + omp + "-blas" + blas; }

    /** Runs {@code inner} under this set-up and restores the previous one afterwards. */
    Runner wrap(Runner inner) {
        ThreadSetup self = this;
        return new Runner() {
            @Override public String framework() { return self.label(); }
            @Override public double time() throws Exception {
                ThreadSetup before = current();
                self.apply();
                try { return inner.time(); } finally { before.apply(); }
            }
            @Override public double check() { return inner.check(); }
        };
    }
}
