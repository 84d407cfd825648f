package io.github.recur.kernel.protocol;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;

/**
 * The kernel's own log: the process's original stderr (which Jupyter shows in its server log),
 * never the notebook's stderr, so protocol warnings do not end up in cells.
 */
final class KernelLog {
    private static final PrintStream ERR =
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private KernelLog() {}

    static void warn(String message) {
        ERR.println("[recur-kernel " + LocalTime.now().withNano(0) + "] WARN " + message);
    }

    static void info(String message) {
        if (Boolean.getBoolean("recur.kernel.verbose")) {
            ERR.println("[recur-kernel " + LocalTime.now().withNano(0) + "] " + message);
        }
    }

    /** With {@code -Drecur.kernel.verbose=true}: a start-up milestone, in milliseconds since the JVM started. */
    static void milestone(String what) {
        if (Boolean.getBoolean("recur.kernel.verbose")) {
            long ms = System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            ERR.println("[recur-kernel] " + ms + " ms: " + what);
        }
    }
}
