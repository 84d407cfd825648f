package io.github.recur.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Entry point of the kernel jar.
 * <pre>
 * java -jar recur-kernel.jar install [--user | --sys-prefix | --prefix DIR]
 * java -jar recur-kernel.jar uninstall [--user | --sys-prefix | --prefix DIR]
 * java -jar recur-kernel.jar CONNECTION_FILE     (what Jupyter runs)
 * </pre>
 * This class touches no {@code jdk.jshell} type, so on a JRE it can explain what is missing.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(Installer.USAGE);
            return;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (command.equals("uninstall")) {
            System.exit(Installer.uninstall(rest));
        }
        String missing = missingJShell();
        if (missing != null) {
            System.err.println(missing);
            System.exit(2);
        }
        if (command.equals("install")) {
            System.exit(Installer.install(rest));
        }
        Path connection = Path.of(command);
        if (!Files.isRegularFile(connection)) {
            System.err.println("No connection file '" + command + "'.\n" + Installer.USAGE);
            System.exit(2);
        }
        new KernelServer(org.dflib.jjava.jupyter.kernel.KernelConnectionProperties.parse(Files.readString(connection))).run();
    }

    /** A message when this Java has no JShell (a JRE), else null. */
    static String missingJShell() {
        if (ModuleLayer.boot().findModule("jdk.jshell").isPresent()) return null;
        return "The Recur kernel needs a JDK with the jdk.jshell module, but this Java has none:\n  "
                + System.getProperty("java.home") + " (Java " + Runtime.version() + ")\n"
                + "Install a JDK 17 or newer (e.g. 'apt install openjdk-17-jdk-headless') and run the kernel with its "
                + "'java' (reinstall the kernelspec with that java so Jupyter uses it).";
    }
}
