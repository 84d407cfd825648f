package io.github.recur.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Installs the kernelspec into a temporary prefix (running from this test's class path) and drives
 * the kernel with the real Jupyter client: {@code src/test/python/protocol_test.py}.
 */
class KernelProtocolTest {

    @Test
    void realJupyterClientExchangesEveryMessageAndKernelSurvivesBadCells(@TempDir Path tmp) throws Exception {
        String cp = System.getProperty("java.class.path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path prefix = tmp.resolve("prefix");
        run(List.of(java, "-cp", cp, Main.class.getName(), "install", "--prefix", prefix.toString(),
                "--classpath", cp, "--java-opts", "-Xmx700m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"), tmp, "install");
        assertTrue(Files.isRegularFile(prefix.resolve("share/jupyter/kernels/recur/kernel.json")));

        Files.writeString(tmp.resolve("startup.jsh"), "int fromStartup() { return 11; }\n");
        Path script = Path.of("src/test/python/protocol_test.py").toAbsolutePath();
        String out = run(List.of("/usr/bin/python3", script.toString(), tmp.resolve("kernel.log").toString(), tmp.toString()),
                tmp, "protocol test");
        System.out.println(out);
        assertTrue(out.contains("ALL PROTOCOL CHECKS PASSED"), out);
    }

    private static String run(List<String> cmd, Path dir, String what) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File(".")).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", dir.resolve("prefix/share/jupyter").toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString());
        // %maven resolves through Maven: from the local repository when the artifact is there, else Maven Central.
        pb.environment().put("OMP_NUM_THREADS", "2");
        pb.environment().put("RECUR_STARTUP", dir.resolve("startup.jsh").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] bytes = p.getInputStream().readAllBytes();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        String out = new String(bytes, StandardCharsets.UTF_8);
        if (!done) p.destroyForcibly();
        assertEquals(0, done ? p.exitValue() : -1, what + " failed:\n" + out);
        return out;
    }
}
