package io.github.recur.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cells of this session and the text of their results, answering {@code history_request} as
 * IPython's history manager does: {@code tail} (the last n), {@code range} (lines start..stop-1 of
 * session 0, the current one), {@code search} (a glob, optionally {@code unique}, the last n), each
 * entry {@code [session, line, input]} or, with {@code output}, {@code [session, line, [input, output]]}.
 *
 * <p>Kept in memory for the whole session, as IPython keeps its input history and the text of every
 * output: a cell costs its input and the start of its output's text. Only the start, since a cell
 * that shows a large value (a long string, a wide table) must not keep its text alive after the
 * value itself is gone; history shows outputs to recall them, not to restore them.
 */
final class HistoryStore {
    /** The number this session's entries carry (IPython numbers sessions from 1). */
    static final int SESSION = 1;
    /** How much of an output's text is kept. */
    static final int OUTPUT_CHARS_KEPT = 10_000;

    private record Entry(int line, String input, String output) {}

    private final List<Entry> entries = new ArrayList<>();

    /** Records cell {@code line}'s input (its output, if any, follows with {@link #output}). */
    synchronized void input(int line, String code) {
        entries.add(new Entry(line, code, null));
    }

    /** The text/plain form of cell {@code line}'s result (its first {@link #OUTPUT_CHARS_KEPT} characters). */
    synchronized void output(int line, String text) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).line() == line) {
                entries.set(i, new Entry(line, entries.get(i).input(), kept(text)));
                return;
            }
        }
    }

    private static String kept(String text) {
        if (text == null || text.length() <= OUTPUT_CHARS_KEPT) return text;
        int cut = OUTPUT_CHARS_KEPT;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) cut--; // never half a character
        return text.substring(0, cut) + "\n... (" + (text.length() - cut) + " more characters not kept in history)";
    }

    synchronized JsonArray tail(int n, boolean output) {
        int from = Math.max(0, entries.size() - Math.max(0, n));
        return toJson(entries.subList(from, entries.size()), output);
    }

    /** Lines {@code start} (default 1) up to {@code stop} (exclusive; null: to the end) of {@code session} (0 or 1: this one). */
    synchronized JsonArray range(int session, int start, Integer stop, boolean output) {
        if (session != 0 && session != SESSION) return new JsonArray(); // earlier sessions are not kept
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) if (e.line() >= start && (stop == null || e.line() < stop)) out.add(e);
        return toJson(out, output);
    }

    /** Inputs matching {@code glob} ({@code *}, {@code ?}, {@code [...]}, case-sensitive as IPython's); the last {@code n} (null: all). */
    synchronized JsonArray search(String glob, Integer n, boolean unique, boolean output) {
        Pattern p = globPattern(glob == null || glob.isEmpty() ? "*" : glob);
        Map<String, Entry> latestByInput = new LinkedHashMap<>();
        List<Entry> matches = new ArrayList<>();
        for (Entry e : entries) {
            if (!p.matcher(e.input()).matches()) continue;
            if (unique) {
                latestByInput.remove(e.input()); // re-inserted at the end: the most recent occurrence counts
                latestByInput.put(e.input(), e);
            } else {
                matches.add(e);
            }
        }
        if (unique) matches.addAll(latestByInput.values());
        if (n != null && n >= 0 && matches.size() > n) matches = matches.subList(matches.size() - n, matches.size());
        return toJson(matches, output);
    }

    static Pattern globPattern(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*': re.append(".*"); break;
                case '?': re.append('.'); break;
                case '[': {
                    int close = glob.indexOf(']', i + 1);
                    if (close < 0) { re.append("\\["); break; }
                    String set = glob.substring(i + 1, close);
                    re.append('[').append(set.startsWith("^") ? "\\" + set : set.replace("\\", "\\\\")).append(']');
                    i = close;
                    break;
                }
                default: re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static JsonArray toJson(List<Entry> list, boolean output) {
        JsonArray out = new JsonArray();
        for (Entry e : list) {
            JsonArray row = new JsonArray();
            row.add(SESSION);
            row.add(e.line());
            if (output) {
                JsonArray pair = new JsonArray();
                pair.add(e.input());
                if (e.output() == null) pair.add(JsonNull.INSTANCE);
                else pair.add(e.output());
                row.add(pair);
            } else {
                row.add(e.input());
            }
            out.add(row);
        }
        return out;
    }
}
