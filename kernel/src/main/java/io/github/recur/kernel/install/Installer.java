package io.github.recur.kernel.install;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes and removes the Jupyter kernelspec {@code recur} ("Java (Recur)", language {@code java},
 * with 32/64 px logos). The argv names this JDK's {@code java} and this jar by absolute path, so
 * no {@code {resource_dir}} is needed (some front ends, e.g. VS Code, do not expand it).
 */
public final class Installer {
    public static final String NAME = "recur";
    public static final String USAGE = String.join("\n",
            "Usage:",
            "  java -jar recur-kernel.jar install   [--user | --sys-prefix | --prefix DIR] [--java-opts \"-Xmx8g ...\"] [--no-cds]",
            "  java -jar recur-kernel.jar uninstall [--user | --sys-prefix | --prefix DIR]",
            "  java -jar recur-kernel.jar CONNECTION_FILE",
            "Default location: --user. --no-cds: no start-up archive (class-data sharing; made by a training run at install).",
            "Extra: --classpath CP (run from a class path instead of this jar; no start-up archive then).");

    /** The jar's entry point, which checks the Java version before anything else. */
    static final String MAIN_CLASS = "io.github.recur.kernel.Main";

    private Installer() {}

    public static int install(String[] args) throws IOException {
        Options o = Options.parse(args);
        if (o == null) return 2;
        Path dir = o.kernelDir();
        Files.createDirectories(dir);
        JsonObject spec = new JsonObject();
        JsonArray argv = new JsonArray();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int feature = Runtime.version().feature();
        List<String> options = JvmOptions.forJava(feature, o.javaOpts);
        argv.add(java);
        options.forEach(argv::add);
        // From a jar only: class-data sharing refuses class paths with (non-empty) directories.
        if (o.classpath == null && o.classDataSharing) {
            System.out.println("Making the start-up archive (a training run of the kernel, up to a minute)...");
            ClassDataArchive.create(dir, java, options, ownJar(), feature).forEach(argv::add);
        }
        if (o.classpath != null) {
            JvmOptions.jshellOpens().forEach(argv::add);
            argv.add("-cp");
            argv.add(o.classpath);
            argv.add(MAIN_CLASS);
        } else {
            argv.add("-jar");
            argv.add(ownJar().toString());
        }
        argv.add("{connection_file}");
        spec.add("argv", argv);
        spec.addProperty("display_name", "Java (Recur)");
        spec.addProperty("language", "java");
        spec.addProperty("interrupt_mode", "message"); // SIGINT would end the JVM
        // ND4J's idle OpenMP threads otherwise spin on the CPU between its ops and slow the recurrent
        // loops that run in between (measured in bench/RESULTS.md).
        // Read by libgomp when the native library loads, so it has to come from the environment.
        JsonObject env = new JsonObject();
        env.addProperty("OMP_WAIT_POLICY", System.getenv().getOrDefault("OMP_WAIT_POLICY", "PASSIVE"));
        spec.add("env", env);
        JsonObject metadata = new JsonObject();
        metadata.addProperty("debugger", false);
        spec.add("metadata", metadata);
        Files.writeString(dir.resolve("kernel.json"), new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec));
        for (String logo : List.of("logo-32x32.png", "logo-64x64.png")) {
            try (InputStream in = Installer.class.getResourceAsStream(logo)) {
                if (in == null) throw new IOException("the kernel jar lacks its resource " + logo);
                Files.copy(in, dir.resolve(logo), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.out.println("Installed kernelspec '" + NAME + "' (Java (Recur)) in " + dir + ", running Java "
                + Runtime.version().feature() + " (" + System.getProperty("java.home") + ")");
        return 0;
    }

    public static int uninstall(String[] args) throws IOException {
        Options o = Options.parse(args);
        if (o == null) return 2;
        Path dir = o.kernelDir();
        if (!Files.exists(dir)) {
            System.out.println("No kernelspec '" + NAME + "' in " + dir + "; nothing to remove");
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
        System.out.println("Removed kernelspec '" + NAME + "' from " + dir);
        return 0;
    }

    private static Path ownJar() {
        try {
            Path p = Path.of(Installer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(p)) return p.toAbsolutePath();
            throw new IllegalStateException("not running from a jar (" + p + "); pass --classpath to install from classes");
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Options {
        String where = "--user";
        Path prefix;
        String classpath;
        boolean classDataSharing = true;
        final List<String> javaOpts = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--user": case "--sys-prefix": o.where = args[i]; break;
                    case "--prefix":
                        if (i + 1 >= args.length) return fail("--prefix needs a directory");
                        o.where = "--prefix";
                        o.prefix = Path.of(args[++i]);
                        break;
                    case "--classpath":
                        if (i + 1 >= args.length) return fail("--classpath needs a class path");
                        o.classpath = args[++i];
                        break;
                    case "--no-cds": o.classDataSharing = false; break;
                    case "--java-opts":
                        if (i + 1 >= args.length) return fail("--java-opts needs options");
                        for (String s : args[++i].trim().split("\\s+")) if (!s.isEmpty()) o.javaOpts.add(s);
                        break;
                    default:
                        return fail("Unknown option '" + args[i] + "'");
                }
            }
            return o;
        }

        private static Options fail(String why) {
            System.err.println(why + "\n" + USAGE);
            return null;
        }

        Path kernelDir() {
            switch (where) {
                case "--prefix": return prefix.resolve("share/jupyter/kernels").resolve(NAME).toAbsolutePath();
                case "--sys-prefix": return sysPrefix().resolve("share/jupyter/kernels").resolve(NAME);
                default: return userDataDir().resolve("kernels").resolve(NAME);
            }
        }

        /** Jupyter's user data directory, as {@code jupyter --data-dir} reports it. */
        private static Path userDataDir() {
            String env = System.getenv("JUPYTER_DATA_DIR");
            if (env != null && !env.isEmpty()) return Path.of(env);
            // Jupyter expands ~ from $HOME; Java's user.home comes from the password database instead.
            String envHome = System.getenv("HOME");
            String home = envHome != null && !envHome.isEmpty() ? envHome : System.getProperty("user.home");
            String os = System.getProperty("os.name").toLowerCase();
            if (os.contains("mac")) return Path.of(home, "Library", "Jupyter");
            if (os.contains("win")) return Path.of(System.getenv().getOrDefault("APPDATA", home), "jupyter");
            String xdg = System.getenv("XDG_DATA_HOME");
            return (xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(home, ".local", "share")).resolve("jupyter");
        }

        /** The active Python environment's prefix (virtualenv, conda, else the python3 on PATH). */
        private static Path sysPrefix() {
            for (String v : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
                String p = System.getenv(v);
                if (p != null && !p.isEmpty()) return Path.of(p);
            }
            try {
                Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.prefix)").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).trim();
                if (p.waitFor() == 0 && !out.isEmpty()) return Path.of(out);
            } catch (IOException | InterruptedException e) {
                // fall through
            }
            throw new IllegalStateException("--sys-prefix: cannot find the Python prefix; use --prefix DIR");
        }
    }

}
