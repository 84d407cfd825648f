package io.github.recur.kernel.magics;

import io.github.recur.kernel.evaluation.Outcome;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code %lsmagic}: every magic with its usage, as IPython's. */
final class LsmagicMagic implements Magic {
    @Override public List<String> names() { return List.of("%lsmagic"); }

    @Override public String usage() { return "%lsmagic   list the magics"; }

    @Override
    public Outcome line(String args, Magics magics) {
        Set<Magic> seen = new LinkedHashSet<>(magics.all().values());
        StringBuilder sb = new StringBuilder("Available magics (line magics: %name on a line; cell magics: %%name on the first line):\n");
        for (Magic m : seen) sb.append("  ").append(m.usage()).append('\n');
        sb.append("Help: ?name or name? shows the documentation of a class, method or variable.\n");
        System.out.print(sb);
        return Outcome.none();
    }
}
