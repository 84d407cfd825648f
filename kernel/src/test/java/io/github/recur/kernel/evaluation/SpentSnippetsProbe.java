package io.github.recur.kernel.evaluation;

import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/** Run in a JVM without {@code --add-opens} by {@link SpentSnippetsTest}: an Evaluator there keeps JShell's records. */
public final class SpentSnippetsProbe {
    private SpentSnippetsProbe() {}

    public static void main(String[] args) {
        List<String> cp = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        try (Evaluator e = new Evaluator(cp, new PrintStream(OutputStream.nullOutputStream()))) {
            System.out.println("kept because: " + e.spentSnippetsKeptBecause());
            Object a = e.eval("1 + 1").value();
            Object b = e.eval("\"abc\".length()").value();
            Object c = e.eval("\"abc\".toUpperCase()").value();
            e.eval("int f(int k) { return 2 * k; }");
            Object d = e.eval("f(4)").value();
            System.out.println("values: " + a + " " + b + " " + c + " " + d);
        }
        System.exit(0);
    }
}
