package io.github.recur.kernel;

import io.github.recur.kernel.install.Installer;
import io.github.recur.kernel.protocol.KernelServer;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;

/** The kernel's commands, on Java 17+: install, uninstall, or serve a connection file. */
public final class Kernel {
    private Kernel() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(Installer.USAGE);
            return;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (command.equals("uninstall")) System.exit(Installer.uninstall(rest));
        String missing = missingJShell();
        if (missing != null) {
            System.err.println(missing);
            System.exit(2);
        }
        if (command.equals("install")) System.exit(Installer.install(rest));
        if (command.equals("warm-up")) {
            KernelServer.warmUp(classpath());
            System.exit(0);
        }
        Path connection = Path.of(command);
        if (!Files.isRegularFile(connection)) {
            System.err.println("No connection file '" + command + "'.\n" + Installer.USAGE);
            System.exit(2);
        }
        new KernelServer(KernelConnectionProperties.parse(Files.readString(connection)), classpath()).run();
    }

    /** A message when this Java has no JShell (a JRE), else null. */
    static String missingJShell() {
        if (ModuleLayer.boot().findModule("jdk.jshell").isPresent()) return null;
        return "The Recur kernel needs a JDK with the jdk.jshell module, but this Java has none:\n  "
                + System.getProperty("java.home") + " (Java " + Runtime.version() + ")\n"
                + "Install a JDK 17 or newer (e.g. 'apt install openjdk-17-jdk-headless') and run the kernel with its "
                + "'java' (reinstall the kernelspec with that java so Jupyter uses it).";
    }

    /**
     * The compiler's class path: {@code java.class.path}, plus the {@code Class-Path} entries of a
     * kernel jar's manifest (with {@code java -jar} the dependencies are only listed there).
     */
    static List<String> classpath() {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.isEmpty()) continue;
            cp.add(e);
            if (e.endsWith(".jar") && new File(e).isFile()) {
                try (JarFile jar = new JarFile(e)) {
                    var mf = jar.getManifest();
                    String extra = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                    if (extra != null) {
                        Path base = Path.of(e).toAbsolutePath().getParent();
                        for (String rel : extra.trim().split("\\s+")) {
                            if (!rel.isEmpty()) cp.add(base.resolve(rel).normalize().toString());
                        }
                    }
                } catch (Exception ignored) {
                    // not a readable jar: keep the entry as is
                }
            }
        }
        return cp;
    }
}
