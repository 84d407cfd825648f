package io.github.recur.kernel.magics;

import io.github.recur.kernel.evaluation.Outcome;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** {@code %maven group:artifact:version ...}: adds the artifacts and their transitive dependencies. */
final class MavenMagic implements Magic {
    /** How coordinates become jars: Maven itself, or a fake in tests. */
    interface Resolution {
        MavenResolver.Result resolve(List<String> coords, BooleanSupplier interrupted) throws IOException, InterruptedException;
    }

    private final Resolution resolution;
    /** Jars this magic added, so that a clash with one of them is not blamed on the kernel. */
    private final Set<String> added = new HashSet<>();

    MavenMagic() { this(MavenResolver::resolve); }

    MavenMagic(Resolution resolution) {
        if (resolution == null) throw new IllegalArgumentException("resolution must not be null (pass MavenResolver::resolve)");
        this.resolution = resolution;
    }

    @Override public List<String> names() { return List.of("%maven"); }

    @Override public String usage() { return "%maven G:A:V ...   add Maven artifacts with their dependencies (runs mvn; RECUR_MAVEN_ARGS, RECUR_MAVEN_TIMEOUT)"; }

    @Override
    public Outcome line(String args, Magics magics) throws Exception {
        if (args.isBlank()) return Outcome.error("UsageError", "%maven needs coordinates, e.g. %maven org.apache.commons:commons-math3:3.6.1");
        List<String> coords = List.of(args.trim().split("\\s+"));
        MavenResolver.Result r = resolution.resolve(coords, magics.evaluator()::interruptRequested);
        if (r.interrupted()) return magics.evaluator().interrupted();
        if (r.error() != null) {
            List<String> traceback = new ArrayList<>(List.of(r.error()));
            r.detail().forEach(d -> traceback.add("  " + d));
            return Outcome.error("MavenError", r.error(), traceback);
        }
        List<String> names = new ArrayList<>();
        int same = 0;
        int otherVersion = 0;
        for (String jar : r.jars()) {
            MavenResolver.Provided p = MavenResolver.provided(jar, magics.evaluator().classpath());
            if (p != null) {
                if (p.sameVersion()) {
                    same++;
                } else {
                    otherVersion++;
                    System.out.println(otherVersionNote(p, coords, added.contains(p.presentJar())));
                }
                continue;
            }
            if (magics.evaluator().addToClasspath(jar)) {
                added.add(jar);
                names.add(Path.of(jar).getFileName().toString());
            }
        }
        System.out.println("Added " + names.size() + " jar(s)" + (names.isEmpty() ? "" : ": " + String.join(", ", names))
                + (same > 0 ? " (" + same + " already provided by the kernel)" : "")
                + (otherVersion > 0 ? " (" + otherVersion + " not added: another version is already in use, see the note)" : ""));
        return Outcome.none();
    }

    /**
     * Why a resolved jar was left out for another version of its library: which version the code will
     * use, and what to do when it needs the other one. Adding it would not help: the class loader finds
     * the copy that came first.
     */
    static String otherVersionNote(MavenResolver.Provided p, List<String> coords, boolean byEarlierMaven) {
        MavenResolver.Artifact want = p.resolved();
        String have = p.present().version();
        boolean asked = coords.stream().map(c -> c.split(":")).anyMatch(c -> c.length > 1 && c[1].equals(want.artifactId())
                && (want.groupId() == null || c[0].equals(want.groupId())));
        String note = want.name() + ": " + (byEarlierMaven ? "an earlier %maven already added " : "the kernel already provides ")
                + have + ", which your code will use; " + want.version() + (asked ? "" : " (a dependency of what you asked for)")
                + " was not added (two versions of one library in one JVM break at run time). ";
        if (!asked) {
            return note + "If what you asked for fails with NoSuchMethodError or NoClassDefFoundError, ask for a release of it "
                    + "that works with " + want.artifactId() + " " + have + ".";
        }
        return note + "Code that needs " + want.version() + " can load it in a class loader of its own: new java.net.URLClassLoader("
                + "new java.net.URL[]{java.nio.file.Path.of(\"" + p.resolvedJar().replace("\\", "\\\\") + "\").toUri().toURL()}, "
                + "ClassLoader.getPlatformClassLoader())";
    }
}
