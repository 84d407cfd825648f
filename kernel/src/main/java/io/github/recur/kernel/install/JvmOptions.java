package io.github.recur.kernel.install;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JVM options a kernelspec gives the kernel, chosen for the Java that will run it: options that
 * a newer JDK needs to stay quiet are unknown to older ones (JDK 17 refuses
 * {@code --sun-misc-unsafe-memory-access}), so they depend on the version.
 */
final class JvmOptions {
    /** JavaCPP's limit on the process's resident memory (its lower-case spelling; both are read). */
    static final String PHYSICAL_BYTES = "org.bytedeco.javacpp.maxphysicalbytes";

    private JvmOptions() {}

    /**
     * What a kernel started from a class path needs to let go of JShell's records of finished and
     * replaced cells (SpentSnippets, private to JShell; without them the heap grows by about 10 KB a
     * cell). A kernel started from its jar gets the same from the jar's manifest ({@code Add-Opens}),
     * which leaves the start-up archive's module graph in use, as command-line opens would not.
     */
    static List<String> jshellOpens() {
        return List.of("--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED", "--add-opens=jdk.jshell/jdk.jshell.execution=ALL-UNNAMED");
    }

    /** Options for a kernel on Java {@code feature}, then the user's {@code --java-opts}. */
    static List<String> forJava(int feature, List<String> userOptions) {
        List<String> o = new ArrayList<>();
        o.add("-Djava.awt.headless=true");
        // JavaCPP, under ND4J, loads native libraries (JEP 472 warns from JDK 24 unless allowed) and
        // uses sun.misc.Unsafe's memory access (JEP 498 warns from JDK 24): the user caused neither.
        if (feature >= 22) o.add("--enable-native-access=ALL-UNNAMED");
        if (feature >= 23) o.add("--sun-misc-unsafe-memory-access=allow");
        // JavaCPP reads the process's resident size from /proc on every native allocation (each ND4J
        // array, views included) to compare it with a limit: off unless the user sets a limit (Binder
        // does); ND4J's own memory stays capped by JavaCPP's maxbytes (the heap size).
        if (userOptions.stream().noneMatch(opt -> opt.toLowerCase(Locale.ROOT).contains(PHYSICAL_BYTES))) {
            o.add("-D" + PHYSICAL_BYTES + "=0");
        }
        o.addAll(userOptions);
        return o;
    }
}
