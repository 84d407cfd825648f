package io.github.recur.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Resolves Maven coordinates with their transitive dependencies by running the {@code mvn} command
 * on a generated POM ({@code dependency:build-classpath}). Using Maven itself gives Maven's own
 * conflict resolution, repositories, proxies and {@code settings.xml} for free, and adds no
 * resolver library to the kernel. Extra arguments (e.g. {@code -o}) come from
 * {@code RECUR_MAVEN_ARGS}.
 */
final class MavenResolver {
    private static final Pattern COORDS =
            Pattern.compile("[\\w.\\-]+:[\\w.\\-]+(:[\\w.\\-]+){1,3}");

    private MavenResolver() {}

    /** Jars of {@code coords} ("g:a:v", "g:a:v:classifier" or "g:a:packaging:classifier:v") and their dependencies. */
    static List<String> resolve(List<String> coords) throws IOException, InterruptedException {
        StringBuilder deps = new StringBuilder();
        for (String c : coords) {
            if (!COORDS.matcher(c).matches()) {
                throw new IllegalArgumentException("%maven expects group:artifact:version, got '" + c
                        + "' (e.g. %maven org.apache.commons:commons-math3:3.6.1)");
            }
            String[] p = c.split(":");
            String g = p[0], a = p[1], v, classifier = null, type = null;
            if (p.length == 3) v = p[2];
            else if (p.length == 4) { v = p[2]; classifier = p[3]; }
            else { type = p[2]; classifier = p[3]; v = p[4]; }
            deps.append("<dependency><groupId>").append(g).append("</groupId><artifactId>").append(a)
                    .append("</artifactId><version>").append(v).append("</version>")
                    .append(classifier == null ? "" : "<classifier>" + classifier + "</classifier>")
                    .append(type == null ? "" : "<type>" + type + "</type>")
                    .append("</dependency>");
        }
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
                throw new IOException("%maven needs Apache Maven's 'mvn' command on PATH (or MAVEN_HOME set): " + e.getMessage(), e);
            }
            p.getOutputStream().close();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.exists(out)) {
                throw new IOException("Maven could not resolve " + coords + ":\n" + errorLines(log));
            }
            String cp = Files.readString(out).trim();
            List<String> jars = new ArrayList<>();
            if (!cp.isEmpty()) for (String s : cp.split(Pattern.quote(File.pathSeparator))) jars.add(s);
            return jars;
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static String errorLines(String log) {
        StringBuilder sb = new StringBuilder();
        for (String l : log.split("\n")) if (l.contains("ERROR")) sb.append(l).append('\n');
        return sb.length() == 0 ? log : sb.toString();
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
