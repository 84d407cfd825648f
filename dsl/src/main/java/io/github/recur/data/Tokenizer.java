package io.github.recur.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into tokens: {@link #characters()} keeps every character (for character-level
 * models), {@link #words()} lower-cases and keeps runs of letters, digits and apostrophes.
 *
 * <pre>{@code
 * Tokenizer.words().tokenize("Great phone, 5 stars!")   // [great, phone, 5, stars]
 * Tokenizer.characters().tokenize("Hi!")              // [H, i, !]
 * }</pre>
 */
public interface Tokenizer {
    List<String> tokenize(String text);

    /** What {@link Vocabulary#decode} puts between tokens: "" for characters, " " for words. */
    String separator();

    static Tokenizer characters() {
        return new Tokenizer() {
            @Override public List<String> tokenize(String text) {
                List<String> out = new ArrayList<>(text.length());
                text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
                return out;
            }
            @Override public String separator() { return ""; }
            @Override public String toString() { return "characters"; }
        };
    }

    static Tokenizer words() {
        return new Tokenizer() {
            @Override public List<String> tokenize(String text) {
                List<String> out = new ArrayList<>();
                for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
                    String t = w.replaceAll("^'+|'+$", ""); // quotes around a word are not part of it
                    if (!t.isEmpty()) out.add(t);
                }
                return out;
            }
            @Override public String separator() { return " "; }
            @Override public String toString() { return "words"; }
        };
    }
}
