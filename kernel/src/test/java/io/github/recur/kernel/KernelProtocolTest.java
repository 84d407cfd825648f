package io.github.recur.kernel;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Installs the kernelspec for each JDK under test (this test's own, plus those named in the system
 * property {@code recur.test.jdks}, comma-separated Java homes) and drives that kernel with the real
 * Jupyter client ({@code src/test/python/protocol_test.py}); every named case there is one test here.
 */
class KernelProtocolTest {

    static List<Path> jdks() {
        List<Path> homes = new ArrayList<>();
        homes.add(Path.of(System.getProperty("java.home")));
        String extra = System.getProperty("recur.test.jdks", "");
        for (String h : extra.split(",")) {
            if (h.isBlank()) continue;
            Path p = Path.of(h.strip()).toAbsolutePath().normalize();
            if (!Files.isExecutable(p.resolve("bin/java"))) {
                throw new IllegalArgumentException("recur.test.jdks names " + p + ", which has no bin/java");
            }
            if (homes.stream().noneMatch(q -> sameFile(q, p))) homes.add(p);
        }
        return homes;
    }

    @TestFactory
    List<DynamicNode> everyProtocolCaseOnEveryJdk() throws Exception {
        List<DynamicNode> perJdk = new ArrayList<>();
        for (Path jdk : jdks()) {
            String label = "JDK " + feature(jdk) + " (" + jdk + ")";
            Path tmp = Files.createTempDirectory("recur-protocol");
            String out = runCases(jdk, tmp);
            System.out.println("==== " + label + "\n" + out);
            List<DynamicNode> cases = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.startsWith("ok   ")) {
                    cases.add(DynamicTest.dynamicTest(line.substring(5), () -> { }));
                } else if (line.startsWith("FAIL ")) {
                    String name = line.substring(5).split(":", 2)[0];
                    String detail = detailOf(out, line);
                    cases.add(DynamicTest.dynamicTest(name, () -> fail(detail)));
                }
            }
            cases.add(DynamicTest.dynamicTest("the protocol script ran to its summary", () ->
                    assertTrue(out.contains("SUMMARY passed="), "protocol_test.py did not finish:\n" + out)));
            perJdk.add(DynamicContainer.dynamicContainer(label, cases));
        }
        return perJdk;
    }

    private static String runCases(Path jdk, Path tmp) throws Exception {
        String cp = System.getProperty("java.class.path");
        String java = jdk.resolve("bin/java").toString();
        Path prefix = tmp.resolve("prefix");
        run(List.of(java, "-cp", cp, Main.class.getName(), "install", "--prefix", prefix.toString(),
                "--classpath", cp, "--java-opts", "-Xmx700m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"), tmp, "install", true);
        assertTrue(Files.isRegularFile(prefix.resolve("share/jupyter/kernels/recur/kernel.json")));
        Files.writeString(tmp.resolve("startup.jsh"), "int fromStartup() { return 11; }\n");
        Path script = Path.of("src/test/python/protocol_test.py").toAbsolutePath();
        return run(List.of("/usr/bin/python3", script.toString(), tmp.resolve("kernel.log").toString(), tmp.toString()),
                tmp, "protocol test", false);
    }

    /** The FAIL line and the indented lines after it. */
    private static String detailOf(String out, String failLine) {
        StringBuilder sb = new StringBuilder(failLine);
        boolean in = false;
        for (String l : out.split("\n")) {
            if (l.equals(failLine)) { in = true; continue; }
            if (in && l.startsWith("     ")) sb.append('\n').append(l);
            else if (in) break;
        }
        return sb.toString();
    }

    private static String run(List<String> cmd, Path dir, String what, boolean mustSucceed) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File(".")).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", dir.resolve("prefix/share/jupyter").toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString());
        pb.environment().put("OMP_NUM_THREADS", "2");
        pb.environment().put("RECUR_STARTUP", dir.resolve("startup.jsh").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] bytes = p.getInputStream().readAllBytes();
        boolean done = p.waitFor(20, TimeUnit.MINUTES);
        String out = new String(bytes, StandardCharsets.UTF_8);
        if (!done) p.destroyForcibly();
        if (mustSucceed) assertEquals(0, done ? p.exitValue() : -1, what + " failed:\n" + out);
        return out;
    }

    private static int feature(Path jdk) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-version").redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        var m = java.util.regex.Pattern.compile("version \"(1\\.)?(\\d+)").matcher(v);
        return m.find() ? Integer.parseInt(m.group(2)) : -1;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.equals(b);
        }
    }
}
