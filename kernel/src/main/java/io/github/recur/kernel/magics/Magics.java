package io.github.recur.kernel.magics;

import io.github.recur.kernel.evaluation.Evaluator;
import io.github.recur.kernel.evaluation.Outcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a cell: Java, line magics ({@code %name args} on their own line, anywhere in the cell), a cell
 * magic ({@code %%name} on the first line), and IPython's help syntax ({@code ?lstm}, {@code lstm?}).
 * Java chunks and magic lines run in order; the first error stops the cell.
 */
public final class Magics {
    private static final Pattern HELP = Pattern.compile("\\s*(?:\\?{1,2}\\s*([\\w.$]+)|([\\w.$]+)\\s*\\?{1,2})\\s*");

    private final Evaluator evaluator;
    private final Function<String, String> documentation;
    private final Map<String, Magic> byName = new LinkedHashMap<>();

    /**
     * {@code documentation}: the text for {@code ?name} (null when nothing is known), shown in the
     * front end's pager.
     */
    public Magics(Evaluator evaluator, Function<String, String> documentation) {
        this.evaluator = evaluator;
        this.documentation = documentation;
        for (Magic m : List.of(new MavenMagic(), new ClasspathMagic(), new LoadMagic(), new TimeMagic(), new TimeitMagic(),
                new BackendMagic(), new LsmagicMagic())) {
            register(m);
        }
    }

    /** Adds (or replaces) a magic under each of its names. */
    public void register(Magic magic) {
        for (String n : magic.names()) {
            if (!n.matches("%%?[A-Za-z]\\w*")) throw new IllegalArgumentException("a magic's name is %name or %%name, got '" + n + "'");
            byName.put(n, magic);
        }
    }

    /** Every name, line magics first, in registration order. */
    public List<String> names() {
        List<String> line = new ArrayList<>();
        List<String> cell = new ArrayList<>();
        for (String n : byName.keySet()) (n.startsWith("%%") ? cell : line).add(n);
        line.addAll(cell);
        return line;
    }

    Map<String, Magic> all() { return byName; }

    public Evaluator evaluator() { return evaluator; }

    /** Runs a cell: magics and Java. */
    public Outcome run(String cell) {
        Matcher help = HELP.matcher(cell);
        if (help.matches()) return help(help.group(1) != null ? help.group(1) : help.group(2));
        String trimmed = cell.stripLeading();
        if (trimmed.startsWith("%%")) {
            int nl = trimmed.indexOf('\n');
            String head = (nl < 0 ? trimmed : trimmed.substring(0, nl)).trim();
            String body = nl < 0 ? "" : trimmed.substring(nl + 1);
            String name = head.split("\\s+", 2)[0];
            String args = head.substring(name.length()).trim();
            Magic m = byName.get(name);
            if (m == null) return unknown(name);
            return guarded(name, () -> m.cell(args, body, this));
        }
        StringBuilder java = new StringBuilder();
        Outcome last = Outcome.none();
        for (String line : cell.split("\n", -1)) {
            String stripped = line.stripLeading();
            if (stripped.startsWith("%") && !stripped.startsWith("%%")) {
                if (!java.toString().isBlank()) {
                    last = evaluator.eval(java.toString());
                    if (last.failed()) return last;
                }
                java.setLength(0);
                last = line(stripped.strip());
                if (last.failed()) return last;
                java.append('\n'); // keep the line numbers of later Java lines meaningful
            } else {
                java.append(line).append('\n');
            }
        }
        if (!java.toString().isBlank()) last = evaluator.eval(java.toString());
        return last;
    }

    private Outcome line(String magic) {
        int sp = magic.indexOf(' ');
        String name = sp < 0 ? magic : magic.substring(0, sp);
        String args = sp < 0 ? "" : magic.substring(sp + 1).trim();
        Magic m = byName.get(name);
        if (m == null) return unknown(name);
        return guarded(name, () -> m.line(args, this));
    }

    private interface Body { Outcome run() throws Exception; }

    private static Outcome guarded(String name, Body body) {
        try {
            return body.run();
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            return Outcome.error(e.getClass().getSimpleName(), msg, List.of(name + ": " + msg));
        }
    }

    private Outcome unknown(String name) {
        String known = String.join(", ", names());
        return Outcome.error("UnknownMagic", "Unknown magic " + name + "; the magics are " + known,
                List.of("Unknown magic " + name + ".", "Line magics and cell magics: " + known, "%lsmagic describes each."));
    }

    private Outcome help(String name) {
        String text = documentation.apply(name);
        if (text == null || text.isBlank()) {
            return Outcome.error("NameError", "No documentation found for '" + name + "'",
                    List.of("No documentation found for '" + name + "': check the name, or import its class first."));
        }
        return Outcome.page(text);
    }
}
