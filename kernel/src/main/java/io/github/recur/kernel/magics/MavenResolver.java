package io.github.recur.kernel.magics;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Resolves Maven coordinates with their transitive dependencies by running the {@code mvn} command
 * on a generated POM ({@code dependency:build-classpath}). Maven itself gives Maven's own conflict
 * resolution, repositories, proxies and {@code settings.xml}, and adds no resolver library to the
 * kernel. Extra arguments (e.g. {@code -o}) come from {@code RECUR_MAVEN_ARGS}; the run ends after
 * {@code RECUR_MAVEN_TIMEOUT} seconds (default {@value #DEFAULT_TIMEOUT_SECONDS}) or on interrupt.
 */
final class MavenResolver {
    static final long DEFAULT_TIMEOUT_SECONDS = 180;
    private static final Pattern COORDS = Pattern.compile("[\\w.\\-]+:[\\w.\\-]+(:[\\w.\\-]+){1,3}");

    /** The jars, or why there are none (an error message, or an interrupt). */
    record Result(List<String> jars, String error, boolean interrupted) {}

    private MavenResolver() {}

    /** Jars of {@code coords} ("g:a:v", "g:a:v:classifier" or "g:a:packaging:classifier:v") and their dependencies. */
    static Result resolve(List<String> coords, BooleanSupplier interrupted) throws IOException, InterruptedException {
        String deps = dependencies(coords);
        Path dir = Files.createTempDirectory("recur-maven");
        try {
            Files.writeString(dir.resolve("pom.xml"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
                    + "<modelVersion>4.0.0</modelVersion><groupId>recur.kernel</groupId>"
                    + "<artifactId>maven-magic</artifactId><version>1</version><packaging>pom</packaging>"
                    + "<dependencies>" + deps + "</dependencies></project>");
            Path out = dir.resolve("classpath.txt");
            List<String> cmd = new ArrayList<>(List.of(mvnCommand(), "-q", "-B",
                    "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:build-classpath",
                    "-Dmdep.outputFile=" + out, "-Dmdep.includeScope=runtime"));
            String extra = System.getenv("RECUR_MAVEN_ARGS");
            if (extra != null && !extra.isBlank()) cmd.addAll(List.of(extra.trim().split("\\s+")));
            Process p;
            try {
                p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            } catch (IOException e) {
                return new Result(List.of(), "%maven needs Apache Maven's 'mvn' command on PATH (or MAVEN_HOME set): " + e.getMessage(), false);
            }
            p.getOutputStream().close();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Thread reader = drain(p.getInputStream(), log);
            long timeout = timeoutSeconds();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
            while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (interrupted.getAsBoolean()) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    return new Result(List.of(), null, true);
                }
                if (System.nanoTime() > deadline) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    reader.join(2000);
                    return new Result(List.of(), "Maven did not resolve " + String.join(" ", coords) + " within " + timeout
                            + " s (no network? set RECUR_MAVEN_TIMEOUT, or RECUR_MAVEN_ARGS=-o to use only the local repository).\n"
                            + "Maven said so far:\n" + errorLines(log.toString(StandardCharsets.UTF_8)), false);
                }
            }
            reader.join(2000);
            if (p.exitValue() != 0 || !Files.exists(out)) {
                return new Result(List.of(), "Maven could not resolve " + String.join(" ", coords) + ":\n"
                        + errorLines(log.toString(StandardCharsets.UTF_8)), false);
            }
            String cp = Files.readString(out).trim();
            List<String> jars = new ArrayList<>();
            if (!cp.isEmpty()) jars.addAll(List.of(cp.split(Pattern.quote(File.pathSeparator))));
            return new Result(jars, null, false);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The POM's {@code <dependency>} elements; a malformed coordinate is refused with an example. */
    static String dependencies(List<String> coords) {
        StringBuilder deps = new StringBuilder();
        for (String c : coords) {
            if (!COORDS.matcher(c).matches()) {
                throw new IllegalArgumentException("%maven expects group:artifact:version, got '" + c
                        + "' (e.g. %maven org.apache.commons:commons-math3:3.6.1)");
            }
            String[] p = c.split(":");
            String v;
            String classifier = null;
            String type = null;
            if (p.length == 3) v = p[2];
            else if (p.length == 4) { v = p[2]; classifier = p[3]; }
            else { type = p[2]; classifier = p[3]; v = p[4]; }
            deps.append("<dependency><groupId>").append(p[0]).append("</groupId><artifactId>").append(p[1])
                    .append("</artifactId><version>").append(v).append("</version>")
                    .append(classifier == null ? "" : "<classifier>" + classifier + "</classifier>")
                    .append(type == null ? "" : "<type>" + type + "</type>")
                    .append("</dependency>");
        }
        return deps.toString();
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream into) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(into);
            } catch (IOException ignored) {
                // the process was killed
            }
        }, "recur-maven-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static long timeoutSeconds() {
        String v = System.getenv("RECUR_MAVEN_TIMEOUT");
        try {
            return v == null || v.isBlank() ? DEFAULT_TIMEOUT_SECONDS : Math.max(1, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_TIMEOUT_SECONDS;
        }
    }

    /** Maven's ERROR lines (without the generic "re-run with -e" advice), or its whole log when it has none. */
    static String errorLines(String log) {
        StringBuilder sb = new StringBuilder();
        for (String l : log.split("\n")) {
            if (!l.contains("ERROR")) continue;
            String s = l.replaceAll("\u001B\\[[;\\d]*m", "").strip();
            if (s.matches("\\[ERROR\\]\\s*") || s.contains("-e switch") || s.contains("-X switch") || s.contains("Help 1")
                    || s.contains("re-run Maven") || s.contains("For more information about the errors")) continue;
            sb.append(s).append('\n');
        }
        return sb.length() == 0 ? log.strip() : sb.toString().strip();
    }

    private static String mvnCommand() {
        String home = System.getenv("MAVEN_HOME");
        if (home != null && new File(home, "bin/mvn").canExecute()) return new File(home, "bin/mvn").getPath();
        return System.getProperty("os.name").toLowerCase().contains("win") ? "mvn.cmd" : "mvn";
    }

    /**
     * True when the kernel already has this artifact (same artifactId, any version), so adding the
     * resolved copy would duplicate classes: the kernel's version wins (ND4J, SLF4J, ...).
     */
    static boolean alreadyProvided(String jar, Set<String> kernelClasspath) {
        Path p = Path.of(jar);
        String artifact = p.getParent() != null && p.getParent().getParent() != null
                ? p.getParent().getParent().getFileName().toString() : null;
        if (artifact == null) return false;
        for (String k : kernelClasspath) {
            String name = Path.of(k).getFileName().toString();
            if (name.startsWith(artifact + "-") && name.length() > artifact.length() + 1
                    && Character.isDigit(name.charAt(artifact.length() + 1))) return true;
        }
        return false;
    }
}
