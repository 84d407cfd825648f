package io.github.recur.kernel.magics;

import io.github.recur.kernel.evaluation.Outcome;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code %maven group:artifact:version ...}: adds the artifacts and their transitive dependencies. */
final class MavenMagic implements Magic {
    @Override public List<String> names() { return List.of("%maven"); }

    @Override public String usage() { return "%maven G:A:V ...   add Maven artifacts with their dependencies (runs mvn; RECUR_MAVEN_ARGS, RECUR_MAVEN_TIMEOUT)"; }

    @Override
    public Outcome line(String args, Magics magics) throws Exception {
        if (args.isBlank()) return Outcome.error("UsageError", "%maven needs coordinates, e.g. %maven org.apache.commons:commons-math3:3.6.1");
        MavenResolver.Result r = MavenResolver.resolve(List.of(args.split("\\s+")), magics.evaluator()::interruptRequested);
        if (r.interrupted()) return magics.evaluator().interrupted();
        if (r.error() != null) {
            List<String> traceback = new ArrayList<>(List.of(r.error()));
            r.detail().forEach(d -> traceback.add("  " + d));
            return Outcome.error("MavenError", r.error(), traceback);
        }
        List<String> added = new ArrayList<>();
        int skipped = 0;
        for (String jar : r.jars()) {
            if (MavenResolver.alreadyProvided(jar, magics.evaluator().classpath())) {
                skipped++;
                continue;
            }
            if (magics.evaluator().addToClasspath(jar)) added.add(Path.of(jar).getFileName().toString());
        }
        System.out.println("Added " + added.size() + " jar(s)" + (added.isEmpty() ? "" : ": " + String.join(", ", added))
                + (skipped > 0 ? " (" + skipped + " already provided by the kernel)" : ""));
        return Outcome.none();
    }
}
