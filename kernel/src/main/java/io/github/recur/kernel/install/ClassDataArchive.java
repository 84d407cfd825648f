package io.github.recur.kernel.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A class-data sharing archive of what a kernel loads while it starts (the JDK's compiler and
 * JShell, Recur, Tablesaw, ND4J's Java side): made once at install by a training run of the kernel
 * ({@code warm-up}), then mapped by every kernel start instead of reading, verifying and parsing
 * thousands of classes again. On Java 25 and later it is an ahead-of-time cache (JEP 483/514/515),
 * which also keeps the classes linked and the training run's method profiles, so the compiler in
 * JShell warms up sooner; before 25 a dynamic CDS archive. A stale archive (another JDK, a rebuilt
 * jar) is ignored by the JVM, silently with the logging options below; reinstalling makes a fresh one.
 */
final class ClassDataArchive {
    static final String FILE = "recur-classes.jsa";
    static final String AOT_FILE = "recur.aot";
    private static final long TRAINING_MINUTES = 5;

    private ClassDataArchive() {}

    /** Options that keep the JVM quiet about the archive, for Java {@code feature}: older JDKs do not know the "aot" tag. */
    static List<String> quietLogging(int feature) {
        List<String> o = new ArrayList<>(List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        if (feature >= 24) o.add("-Xlog:aot=off");
        return o;
    }

    /**
     * Runs the training and returns the options that use its archive, or an empty list (and the
     * reason on stderr) when it could not be made: the kernel then starts without it.
     */
    static List<String> create(Path kernelDir, String java, List<String> jvmOptions, Path jar, int feature) {
        boolean aot = feature >= 25;
        Path archive = kernelDir.resolve(aot ? AOT_FILE : FILE);
        try {
            Files.deleteIfExists(kernelDir.resolve(FILE));
            Files.deleteIfExists(kernelDir.resolve(AOT_FILE));
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(jvmOptions);
            cmd.add(aot ? "-XX:AOTCacheOutput=" + archive : "-XX:ArchiveClassesAtExit=" + archive);
            cmd.addAll(quietLogging(feature));
            cmd.addAll(List.of("-jar", jar.toString(), "warm-up"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(TRAINING_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                System.err.println("Note: the start-up archive was not made (its training run took over " + TRAINING_MINUTES
                        + " minutes); the kernel works, it only starts slower.");
                return List.of();
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(archive)) {
                System.err.println("Note: the start-up archive was not made (training run exit code " + p.exitValue()
                        + "); the kernel works, it only starts slower.");
                return List.of();
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("Note: the start-up archive was not made (" + e.getMessage() + "); the kernel works, it only starts slower.");
            return List.of();
        }
        List<String> use = new ArrayList<>(List.of((aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive));
        use.addAll(quietLogging(feature));
        return use;
    }
}
