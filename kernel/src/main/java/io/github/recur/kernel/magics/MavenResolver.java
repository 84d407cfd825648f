package io.github.recur.kernel.magics;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
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

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");
    /** Maven's advice that fits any failure, and its pointers to its wiki. */
    private static final Pattern BOILERPLATE = Pattern.compile(".*(-e switch|-X switch|\\[Help \\d+\\]|re-run Maven|Re-run Maven"
            + "|For more information about the errors|After correcting the problems|mvn <args> -rf).*");
    /** Names of the POM {@link #resolve} generates: they mean nothing to the user. */
    private static final Pattern GENERATED_POM = Pattern.compile("Failed to execute goal (\\S+ )?(\\(\\S+\\) )?on project maven-magic: "
            + "|Could not resolve dependencies for project recur\\.kernel:maven-magic:pom:1: ");

    /**
     * The jars, or why there are none: {@code error} is one line (the coordinates, Maven's reason and
     * what to do), {@code detail} the rest of what Maven said, cleaned; or an interrupt.
     */
    record Result(List<String> jars, String error, List<String> detail, boolean interrupted) {
        static Result failed(String error, List<String> detail) { return new Result(List.of(), error, detail, false); }
    }

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
                return Result.failed("%maven needs Apache Maven's 'mvn' command: install Maven (e.g. 'apt install maven') and put "
                        + "its bin/ on PATH, or set MAVEN_HOME, then restart the kernel (" + e.getMessage() + ")", List.of());
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
                    return new Result(List.of(), null, List.of(), true);
                }
                if (System.nanoTime() > deadline) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    reader.join(2000);
                    return timedOut(coords, timeout, log.toString(StandardCharsets.UTF_8));
                }
            }
            reader.join(2000);
            if (p.exitValue() != 0 || !Files.exists(out)) return failed(coords, p.exitValue(), log.toString(StandardCharsets.UTF_8));
            String cp = Files.readString(out).trim();
            List<String> jars = new ArrayList<>();
            if (!cp.isEmpty()) jars.addAll(List.of(cp.split(Pattern.quote(File.pathSeparator))));
            return new Result(jars, null, List.of(), false);
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

    /**
     * Why Maven failed, as one line naming {@code coords}, Maven's first error (without its boilerplate
     * and the generated POM's name) and what to do; Maven's other errors become the detail.
     */
    static Result failed(List<String> coords, int exitCode, String log) {
        List<String> errors = mavenLines(log, true);
        // no [ERROR] line: the mvn script itself failed (e.g. "JAVA_HOME is not defined correctly")
        List<String> lines = errors.isEmpty() ? mavenLines(log, false) : errors;
        String reason = lines.isEmpty()
                ? (exitCode == 0 ? "Maven finished but wrote no class path" : "Maven exited with status " + exitCode + " and printed nothing")
                : lines.get(0);
        String hint = hint(reason);
        String error = "Maven could not resolve " + String.join(" ", coords) + ": " + reason + (hint.isEmpty() ? "" : ". " + hint);
        return Result.failed(error, lines.isEmpty() ? List.of() : lines.subList(1, lines.size()));
    }

    /** A resolution that ran past {@code timeoutSeconds}: one line with what to do, and what Maven said so far. */
    static Result timedOut(List<String> coords, long timeoutSeconds, String log) {
        return Result.failed("Maven did not resolve " + String.join(" ", coords) + " within " + timeoutSeconds
                + " s: no network? Set RECUR_MAVEN_TIMEOUT=<seconds> to wait longer, or RECUR_MAVEN_ARGS=-o to use only the "
                + "local repository", mavenLines(log, false));
    }

    /**
     * Maven's output without colours, level prefixes, blank lines, boilerplate, {@code -> [Help 1]}
     * tails and the generated POM's name; {@code errorsOnly}: only its {@code [ERROR]} lines.
     */
    static List<String> mavenLines(String log, boolean errorsOnly) {
        List<String> lines = new ArrayList<>();
        for (String raw : ANSI.matcher(log).replaceAll("").split("\\R")) {
            String l = raw.strip();
            boolean error = l.startsWith("[ERROR]");
            if (errorsOnly && !error) continue;
            l = l.replaceFirst("^\\[(ERROR|WARNING|INFO)\\]\\s*", "").replaceFirst("\\s*-> \\[Help \\d+\\]$", "");
            if (l.isEmpty() || BOILERPLATE.matcher(l).matches()) continue;
            l = GENERATED_POM.matcher(l).replaceAll("");
            if (!l.isEmpty()) lines.add(l);
        }
        return lines;
    }

    /** What to do about Maven's {@code reason}, or "" when there is nothing specific to say. */
    static String hint(String reason) {
        if (reason.contains("offline mode")) {
            return "Maven is offline (-o in RECUR_MAVEN_ARGS or settings.xml) and does not have it in the local repository: "
                    + "resolve it once with network access, or check the coordinate";
        }
        if (reason.contains("Could not find artifact") || reason.contains("was not found in")) {
            return "Check the group, artifact and version (https://central.sonatype.com lists them); if it was published "
                    + "only lately, RECUR_MAVEN_ARGS=-U makes Maven look again";
        }
        if (reason.contains("Could not transfer") || reason.contains("Unknown host") || reason.contains("timed out")
                || reason.contains("Connection refused") || reason.contains("transfer failed")) {
            return "Check the network connection, or the proxy and mirrors in Maven's settings.xml (~/.m2/settings.xml); "
                    + "RECUR_MAVEN_ARGS=-o uses only the local repository";
        }
        return "";
    }

    private static String mvnCommand() {
        String home = System.getenv("MAVEN_HOME");
        if (home != null && new File(home, "bin/mvn").canExecute()) return new File(home, "bin/mvn").getPath();
        return System.getProperty("os.name").toLowerCase().contains("win") ? "mvn.cmd" : "mvn";
    }

    /** A jar's Maven identity; {@code groupId} is null when the jar does not say, {@code classifier} when it has none. */
    record Artifact(String groupId, String artifactId, String version, String classifier) {
        /** "group:artifact", or the artifact alone when the group is unknown. */
        String name() { return groupId == null ? artifactId : groupId + ":" + artifactId; }

        /** Same library in any version: a different classifier (natives beside classes) is another jar, not a clash. */
        boolean sameLibrary(Artifact o) {
            return artifactId.equals(o.artifactId) && Objects.equals(classifier, o.classifier)
                    && (groupId == null || o.groupId == null || groupId.equals(o.groupId));
        }
    }

    /**
     * The class path's copy of a resolved jar's library: {@code present} and {@code presentJar} are
     * its identity and path there.
     */
    record Provided(Artifact resolved, String resolvedJar, Artifact present, String presentJar) {
        boolean sameVersion() { return resolved.version().equals(present.version()); }
    }

    /**
     * The copy of {@code jar}'s library already on {@code classpath}, or null when there is none (or
     * {@code jar} does not say which library it is). Libraries are compared by groupId:artifactId
     * (and classifier), versions separately: adding a second version would put two copies of the same
     * classes in one class loader, where the first on the class path wins (the kernel's: ND4J, SLF4J, ...).
     */
    static Provided provided(String jar, Collection<String> classpath) {
        if (jar == null || classpath == null) {
            throw new IllegalArgumentException("jar and classpath must not be null, got jar=" + jar + ", classpath=" + classpath
                    + " (pass the resolved jar's path and the kernel's class path)");
        }
        Artifact resolved = identify(jar);
        if (resolved == null) return null;
        // a copy in the same version wins over one in another: the kernel's lib/ has nd4j-native with and without a classifier
        Provided other = null;
        for (String entry : classpath) {
            String name = fileName(entry);
            if (!name.startsWith(resolved.artifactId() + "-") || !name.endsWith(".jar")) continue;
            Artifact present = identify(entry);
            if (present == null) present = identifyByName(name, resolved);
            if (present == null || !present.sameLibrary(resolved)) continue;
            Provided p = new Provided(resolved, jar, present, entry);
            if (p.sameVersion()) return p;
            if (other == null) other = p;
        }
        return other;
    }

    /**
     * {@code jar}'s identity from its {@code META-INF/maven/.../pom.properties} (the entry whose
     * artifactId-version begins the file name: shaded jars carry their parts' too), else from a
     * local repository's layout ({@code .../artifactId/version/artifactId-version[-classifier].jar});
     * null when neither says.
     */
    static Artifact identify(String jar) {
        String base = fileName(jar);
        if (!base.endsWith(".jar")) return null;
        base = base.substring(0, base.length() - ".jar".length());
        if (new File(jar).isFile()) {
            try (JarFile j = new JarFile(jar)) {
                for (JarEntry e : Collections.list(j.entries())) {
                    if (!e.getName().matches("META-INF/maven/[^/]+/[^/]+/pom\\.properties")) continue;
                    Properties pom = new Properties();
                    try (InputStream in = j.getInputStream(e)) {
                        pom.load(in);
                    }
                    String g = pom.getProperty("groupId");
                    String a = pom.getProperty("artifactId");
                    String v = pom.getProperty("version");
                    if (g == null || a == null || v == null) continue;
                    String classifier = classifier(base, a + "-" + v);
                    if (classifier != null) return new Artifact(g, a, v, classifier.isEmpty() ? null : classifier);
                }
            } catch (IOException | RuntimeException e) {
                // not a readable jar: the path may still say
            }
        }
        Path p = Path.of(jar).toAbsolutePath();
        if (p.getNameCount() < 3) return null;
        String v = p.getParent().getFileName().toString();
        String a = p.getParent().getParent().getFileName().toString();
        String classifier = classifier(base, a + "-" + v);
        return classifier == null ? null : new Artifact(null, a, v, classifier.isEmpty() ? null : classifier);
    }

    /**
     * A jar named only {@code artifactId-version[-classifier].jar} (a flat lib/ without
     * pom.properties), read as {@code like}'s library: its artifactId is known, so the version is what
     * follows it, less {@code like}'s classifier. Null when the name has no version after the artifactId.
     */
    static Artifact identifyByName(String fileName, Artifact like) {
        String prefix = like.artifactId() + "-";
        if (!fileName.startsWith(prefix) || !fileName.endsWith(".jar") || fileName.length() <= prefix.length() + ".jar".length()
                || !Character.isDigit(fileName.charAt(prefix.length()))) return null;
        String rest = fileName.substring(prefix.length(), fileName.length() - ".jar".length());
        if (like.classifier() != null && rest.endsWith("-" + like.classifier())) {
            return new Artifact(null, like.artifactId(), rest.substring(0, rest.length() - like.classifier().length() - 1), like.classifier());
        }
        return new Artifact(null, like.artifactId(), rest, null);
    }

    /** What follows {@code artifactVersion} in {@code base} without its dash ("" for none), or null when it is not there. */
    private static String classifier(String base, String artifactVersion) {
        if (base.equals(artifactVersion)) return "";
        return base.startsWith(artifactVersion + "-") ? base.substring(artifactVersion.length() + 1) : null;
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf(File.separatorChar));
        return path.substring(slash + 1);
    }
}
