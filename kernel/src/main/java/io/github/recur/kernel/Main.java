package io.github.recur.kernel;

import java.lang.reflect.InvocationTargetException;

/**
 * Entry point of the kernel jar, compiled for Java 8 so that any Java can run it far enough to say
 * which Java the kernel needs; everything else is in {@link Kernel} (Java 17).
 * <pre>
 * java -jar recur-kernel.jar install [--user | --sys-prefix | --prefix DIR]
 * java -jar recur-kernel.jar uninstall [--user | --sys-prefix | --prefix DIR]
 * java -jar recur-kernel.jar CONNECTION_FILE     (what Jupyter runs)
 * </pre>
 */
public final class Main {
    /** The oldest Java the kernel runs on. */
    static final int REQUIRED_FEATURE = 17;

    private Main() {}

    public static void main(String[] args) throws Throwable {
        String problem = unsupportedJava(System.getProperty("java.specification.version"), System.getProperty("java.home"));
        if (problem != null) {
            System.err.println(problem);
            System.exit(2);
        }
        try {
            Class.forName("io.github.recur.kernel.Kernel").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A message when this Java is older than 17 (specification version "1.8", "11", ...), else null. */
    static String unsupportedJava(String specificationVersion, String javaHome) {
        int feature;
        try {
            String v = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
            feature = Integer.parseInt(v.split("\\.")[0]);
        } catch (RuntimeException e) {
            return null; // an unknown scheme: let the JDK 17 code decide
        }
        if (feature >= REQUIRED_FEATURE) return null;
        return "The Recur kernel needs Java " + REQUIRED_FEATURE + " or newer (a JDK, with JShell), but this is Java "
                + specificationVersion + ":\n  " + javaHome + "\n"
                + "Install a JDK 17, 21 or 25 (e.g. 'sudo apt-get install openjdk-17-jdk-headless') and run this command with "
                + "its 'java' (or set JAVA_HOME to it); the installed kernel then uses that Java.";
    }
}
