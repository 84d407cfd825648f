package io.github.recur.kernel.install;

import io.github.recur.kernel.Main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installer and the JRE check, run as a user would: {@code java ... Main install ...} in a process of its own. */
class InstallerTest {
    private record Run(int exit, String output) {}

    private static Run main(Path home, List<String> jvmOptions, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.remove("JUPYTER_DATA_DIR");
        env.remove("XDG_DATA_HOME");
        env.remove("OMP_WAIT_POLICY");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "installer did not finish: " + out);
        return new Run(p.exitValue(), out);
    }

    @Test
    void userInstallWritesTheKernelspecUnderHomeAndUninstallRemovesIt(@TempDir Path home) throws Exception {
        Run install = main(home, List.of(), "install", "--user", "--classpath", System.getProperty("java.class.path"));
        assertEquals(0, install.exit(), install.output());
        Path dir = home.resolve(".local/share/jupyter/kernels/recur");
        String spec = Files.readString(dir.resolve("kernel.json"));
        assertTrue(spec.contains("\"display_name\": \"Java (Recur)\""), spec);
        assertTrue(spec.contains("\"language\": \"java\""), spec);
        assertTrue(spec.contains("{connection_file}") && !spec.contains("{resource_dir}"), spec);
        assertTrue(spec.contains("\"OMP_WAIT_POLICY\": \"PASSIVE\""), "idle OpenMP threads must not spin: " + spec);
        assertTrue(spec.contains("\"-Dorg.bytedeco.javacpp.maxphysicalbytes=0\""), "no resident-size check per ND4J array: " + spec);
        assertTrue(Files.size(dir.resolve("logo-64x64.png")) > 0);
        assertFalse(spec.contains("java.security.manager"), "JDK 24+ refuses to start with a Security Manager option: " + spec);
        assertTrue(spec.contains("\"--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED\"")
                && spec.contains("\"--add-opens=jdk.jshell/jdk.jshell.execution=ALL-UNNAMED\""),
                "a kernel run from a class path lets go of spent snippets only with these: " + spec);

        Run uninstall = main(home, List.of(), "uninstall", "--user");
        assertEquals(0, uninstall.exit(), uninstall.output());
        assertFalse(Files.exists(dir), "uninstall left " + dir);
    }

    @Test
    void javaOptsThatSetAMemoryLimitKeepItInsteadOfTheDefault(@TempDir Path home) throws Exception {
        Run install = main(home, List.of(), "install", "--user", "--classpath", System.getProperty("java.class.path"),
                "--java-opts", "-Xmx768m -Dorg.bytedeco.javacpp.maxPhysicalBytes=1800m");
        assertEquals(0, install.exit(), install.output());
        String spec = Files.readString(home.resolve(".local/share/jupyter/kernels/recur/kernel.json"));
        assertTrue(spec.contains("\"-Dorg.bytedeco.javacpp.maxPhysicalBytes=1800m\""), spec);
        assertFalse(spec.contains("maxphysicalbytes=0"), "the user's limit must not be overridden: " + spec);
        assertTrue(spec.contains("\"-Xmx768m\""), spec);
    }

    @Test
    void prefixInstallGoesUnderShareJupyter(@TempDir Path tmp) throws Exception {
        Path prefix = tmp.resolve("env");
        Run install = main(tmp, List.of(), "install", "--prefix", prefix.toString(), "--classpath", System.getProperty("java.class.path"));
        assertEquals(0, install.exit(), install.output());
        assertTrue(Files.isRegularFile(prefix.resolve("share/jupyter/kernels/recur/kernel.json")), install.output());
    }

    @Test
    void aJavaWithoutJShellGetsAClearMessageNotAStackTrace(@TempDir Path home) throws Exception {
        // --limit-modules leaves out jdk.jshell, as a JRE would.
        Run r = main(home, List.of("--limit-modules", "java.base,java.logging,java.desktop,java.sql"), "install", "--user");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("needs a JDK with the jdk.jshell module"), r.output());
        assertFalse(r.output().contains("Exception"), r.output());
        assertFalse(Files.exists(home.resolve(".local/share/jupyter/kernels/recur")));
    }

    @Test
    void unknownOptionIsRefusedWithTheUsage(@TempDir Path home) throws Exception {
        Run r = main(home, List.of(), "install", "--everywhere");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("Usage"), r.output());
    }
}
