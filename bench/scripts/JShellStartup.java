import io.github.recur.kernel.evaluation.Evaluator;
import io.github.recur.kernel.protocol.KernelServer;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a kernel's start costs in-process, without the protocol: the kernel's JShell, its start-up
 * imports, the first cell, and the median of the next cells ("1+i", a new expression each), in one
 * fresh JVM. Run it under different JVM options to compare them (bench/RESULTS.md, issue 14):
 *
 * <pre>
 * CP=kernel/target/recur-kernel.jar
 * java --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED -cp $CP bench/scripts/JShellStartup.java [cells]
 * java -XX:TieredStopAtLevel=1 --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED -cp $CP bench/scripts/JShellStartup.java
 * </pre>
 *
 * Prints one line: imports (ms, including building the JShell), first cell (ms), their sum, and the
 * median per cell over each following block of 50 cells.
 */
public class JShellStartup {
    public static void main(String[] args) {
        int cells = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        if (cells < 50) throw new IllegalArgumentException("cells must be >= 50 (one block), got " + cells);
        List<String> classpath = new ArrayList<>(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
        long t0 = System.nanoTime();
        Evaluator shell = new Evaluator(classpath, System.err);
        for (String imp : KernelServer.STARTUP_IMPORTS) {
            if (!shell.tryQuietly(imp)) throw new IllegalStateException("start-up import failed: " + imp);
        }
        double imports = (System.nanoTime() - t0) / 1e6;
        long t1 = System.nanoTime();
        shell.beginCell();
        shell.eval("1+1");
        double first = (System.nanoTime() - t1) / 1e6;
        double[] ms = new double[cells];
        for (int i = 0; i < cells; i++) {
            long s = System.nanoTime();
            shell.beginCell();
            if (shell.eval("1+" + i).failed()) throw new IllegalStateException("cell 1+" + i + " failed");
            ms[i] = (System.nanoTime() - s) / 1e6;
        }
        StringBuilder line = new StringBuilder(String.format("imports %.0f ms, first cell %.0f ms, sum %.0f ms; median per 50 cells:",
                imports, first, imports + first));
        for (int b = 0; b + 50 <= cells; b += 50) {
            double[] block = Arrays.copyOfRange(ms, b, b + 50);
            Arrays.sort(block);
            line.append(String.format(" %.1f", (block[24] + block[25]) / 2));
        }
        System.out.println(line.append(" ms"));
        System.exit(0); // the JShell's threads are not daemons
    }
}
