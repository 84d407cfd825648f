package io.github.recur.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Pairs of texts, a source and its translation, for sequence-to-sequence models: immutable. Read from
 * a file of {@code source<TAB>target} lines, the layout of the Tatoeba sentence pairs published by
 * manythings.org ({@code fra.txt}, {@code deu.txt}, ...; a third column, their attribution, is ignored),
 * or taken from the bundled {@link Datasets#dates()}.
 *
 * <pre>{@code
 * ParallelText pairs = Datasets.dates();                      // or ParallelText.load(Path.of("fra.txt"))
 * pairs.source(0) + " -> " + pairs.target(0)                 // "February 7, 1986 -> 1986-02-07"
 * ParallelTextSplit parts = pairs.split(0.8, 0.1, 42);       // shuffled: train, validation, test
 * }</pre>
 */
public final class ParallelText {
    private static final int UTF8_BOM_LENGTH = 3;

    private final List<String> sources;
    private final List<String> targets;

    private ParallelText(List<String> sources, List<String> targets) {
        this.sources = sources;
        this.targets = targets;
    }

    /**
     * Pairs from two lists of the same size: {@code sources.get(i)} translates to {@code targets.get(i)}
     * (both copied).
     *
     * <pre>{@code
     * ParallelText pairs = ParallelText.of(List.of("Go.", "Hi."), List.of("Va !", "Salut !"));
     * }</pre>
     *
     * @throws IllegalArgumentException for lists of different sizes, no pairs, or a null or blank text
     */
    public static ParallelText of(List<String> sources, List<String> targets) {
        if (sources == null) throw new IllegalArgumentException("ParallelText.of: sources is null; pass the source texts");
        if (targets == null) throw new IllegalArgumentException("ParallelText.of: targets is null; pass the target texts");
        if (sources.size() != targets.size()) {
            throw new IllegalArgumentException("ParallelText.of: " + sources.size() + " sources but " + targets.size()
                    + " targets; give one target per source");
        }
        if (sources.isEmpty()) throw new IllegalArgumentException("ParallelText.of: no pairs; give at least one source and its target");
        for (int i = 0; i < sources.size(); i++) {
            String problem = problem(sources.get(i), "source");
            if (problem == null) problem = problem(targets.get(i), "target");
            if (problem != null) throw new IllegalArgumentException("ParallelText.of: pair " + i + " has " + problem);
        }
        return new ParallelText(List.copyOf(sources), List.copyOf(targets));
    }

    /**
     * Reads a UTF-8 file of {@code source<TAB>target} lines, as Tatoeba's {@code fra.txt}: text up to the first
     * tab is the source, up to the next tab (or the line's end) the target, and anything after a second
     * tab is ignored. Empty lines are skipped; {@code \r\n} line ends and a UTF-8 byte order mark at the
     * start (as some editors write) are accepted.
     *
     * <pre>{@code
     * ParallelText pairs = ParallelText.load(Path.of("fra.txt")).take(20_000);
     * }</pre>
     *
     * @throws IllegalArgumentException naming the file and line when the file is missing, a directory, not
     *         UTF-8, or has a line without a tab or with an empty source or target, or no pairs at all
     * @throws UncheckedIOException when the file exists but cannot be read
     */
    public static ParallelText load(Path file) {
        if (file == null) throw new IllegalArgumentException("ParallelText.load: file is null; pass the path of a source<TAB>target file");
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("ParallelText.load: '" + file + "' is a directory; pass a source<TAB>target file in it");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("ParallelText.load: no file '" + file + "' (looked at " + file.toAbsolutePath()
                    + "); check the path, or download the pairs (e.g. fra-eng.zip from manythings.org/anki) and unzip them there");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("ParallelText.load: could not read '" + file + "': " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    /** The pairs of a file's bytes; {@code name} is how messages call the file. */
    static ParallelText parse(byte[] bytes, String name) {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE) || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
            throw new IllegalArgumentException("ParallelText.load: " + name + " starts with a UTF-16 byte order mark; it is UTF-16 text, "
                    + "not UTF-8: save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)");
        }
        int start = bytes.length >= UTF8_BOM_LENGTH && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF
                ? UTF8_BOM_LENGTH : 0;
        var utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> sources = new ArrayList<>(), targets = new ArrayList<>();
        int lineNumber = 0;
        for (int from = start; from < bytes.length; ) {
            int end = from;
            while (end < bytes.length && bytes[end] != '\n') end++;
            lineNumber++;
            int to = end > from && bytes[end - 1] == '\r' ? end - 1 : end;
            String where = "ParallelText.load: " + name + " line " + lineNumber;
            String line;
            try {
                line = utf8.decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(where + " is not valid UTF-8 text; save the file as UTF-8", e);
            }
            from = end + 1;
            if (line.isEmpty()) continue;
            if (line.indexOf('\uFEFF') >= 0) {
                throw new IllegalArgumentException(where + " holds a byte order mark (U+FEFF), as where files were joined together; "
                        + "delete it");
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException(where + " has no tab: \"" + abbreviate(line) + "\"; each line must be "
                        + "source<TAB>target (a third column, as Tatoeba's attribution, is ignored)");
            }
            int tab2 = line.indexOf('\t', tab + 1);
            String source = line.substring(0, tab), target = line.substring(tab + 1, tab2 < 0 ? line.length() : tab2);
            String problem = problem(source, "source");
            if (problem == null) problem = problem(target, "target");
            if (problem != null) {
                throw new IllegalArgumentException(where + " has " + problem + ": \"" + abbreviate(line.replace("\t", "<TAB>"))
                        + "\"; each line must be source<TAB>target with text on both sides");
            }
            sources.add(source);
            targets.add(target);
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("ParallelText.load: " + name + " holds no pairs (it is empty or blank); each line must be "
                    + "source<TAB>target");
        }
        return new ParallelText(List.copyOf(sources), List.copyOf(targets));
    }

    private static String problem(String text, String side) {
        if (text == null) return "a null " + side;
        if (text.isBlank()) return "an empty " + side;
        return null;
    }

    /** The number of pairs. */
    public int size() { return sources.size(); }

    /** Source {@code i}. */
    public String source(int i) { return sources.get(checkIndex(i)); }

    /** Target {@code i}: the translation of source {@code i}. */
    public String target(int i) { return targets.get(checkIndex(i)); }

    /**
     * The source texts in order (unmodifiable), e.g. to build a vocabulary.
     *
     * <pre>{@code
     * Vocabulary in = Vocabulary.fit(train.sources(), Tokenizer.characters());
     * }</pre>
     */
    public List<String> sources() { return sources; }

    /**
     * The target texts in order (unmodifiable).
     *
     * <pre>{@code
     * Vocabulary out = Vocabulary.fitWithStartEnd(train.targets(), Tokenizer.characters());
     * }</pre>
     */
    public List<String> targets() { return targets; }

    /**
     * The first {@code n} pairs (all of them when there are fewer), as the Keras and PyTorch tutorials
     * take the first lines of {@code fra.txt}, which Tatoeba orders from short to long.
     *
     * <pre>{@code
     * ParallelText small = ParallelText.load(Path.of("fra.txt")).take(10_000);
     * }</pre>
     */
    public ParallelText take(int n) {
        if (n < 1) throw new IllegalArgumentException("ParallelText.take: n must be at least 1 pair, got " + n);
        return n >= size() ? this : new ParallelText(sources.subList(0, n), targets.subList(0, n));
    }

    /**
     * The pairs in an order that depends only on {@code seed}.
     *
     * <pre>{@code
     * ParallelText mixed = pairs.shuffle(42);
     * }</pre>
     */
    public ParallelText shuffle(long seed) {
        int[] order = SequenceData.permutation(size(), new Random(seed));
        List<String> s = new ArrayList<>(size()), t = new ArrayList<>(size());
        for (int i : order) {
            s.add(sources.get(i));
            t.add(targets.get(i));
        }
        return new ParallelText(List.copyOf(s), List.copyOf(t));
    }

    /**
     * The same pairs translating the other way: targets become sources.
     *
     * <pre>{@code
     * ParallelText frenchToEnglish = ParallelText.load(Path.of("fra.txt")).swapped();
     * }</pre>
     */
    public ParallelText swapped() { return new ParallelText(targets, sources); }

    /**
     * Shuffles the pairs with {@code seed} (Tatoeba's files are ordered by length, so the first lines
     * are not a fair sample), then gives the first {@code trainFraction} of them for training, the next
     * {@code validationFraction} for validation (none when 0) and the rest for test.
     *
     * <pre>{@code
     * ParallelTextSplit parts = Datasets.dates().split(0.8, 0.1, 42);   // 8,000 / 1,000 / 1,000 pairs
     * }</pre>
     *
     * @throws IllegalArgumentException for fractions outside (0, 1) or that leave a part without pairs
     */
    public ParallelTextSplit split(double trainFraction, double validationFraction, long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("ParallelText.split: trainFraction must be in (0, 1), got " + trainFraction);
        }
        if (!(validationFraction >= 0 && trainFraction + validationFraction < 1)) {
            throw new IllegalArgumentException("ParallelText.split: validationFraction must be >= 0 and leave pairs for test (trainFraction + "
                    + "validationFraction < 1), got " + trainFraction + " + " + validationFraction);
        }
        int n = size();
        int trainEnd = (int) Math.round(n * trainFraction);
        int validationEnd = (int) Math.round(n * (trainFraction + validationFraction));
        if (trainEnd == 0 || validationEnd == n || (validationFraction > 0 && validationEnd == trainEnd)) {
            throw new IllegalArgumentException("ParallelText.split: fractions " + trainFraction + " and " + validationFraction + " of " + n
                    + " pairs leave a part empty; use more pairs or other fractions");
        }
        ParallelText mixed = shuffle(seed);
        return new ParallelTextSplit(mixed.range(0, trainEnd), validationFraction > 0 ? mixed.range(trainEnd, validationEnd) : null,
                mixed.range(validationEnd, n));
    }

    /**
     * {@link #split(double, double, long)} into training and test pairs only.
     *
     * <pre>{@code
     * ParallelTextSplit parts = pairs.split(0.9, 42);   // parts.validation() is null
     * }</pre>
     */
    public ParallelTextSplit split(double trainFraction, long seed) { return split(trainFraction, 0, seed); }

    /**
     * The pairs as a table with columns {@code source} and {@code target}, to look at.
     *
     * <pre>{@code
     * Datasets.dates().table().first(5)
     * }</pre>
     */
    public Table table() {
        return Table.create("parallel text", StringColumn.create("source", sources), StringColumn.create("target", targets));
    }

    private ParallelText range(int from, int to) {
        return new ParallelText(sources.subList(from, to), targets.subList(from, to));
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size()) throw new IllegalArgumentException("ParallelText: pair " + i + " does not exist; pairs are 0.." + (size() - 1));
        return i;
    }

    private static String abbreviate(String s) { return s.length() <= 60 ? s : s.substring(0, 57) + "..."; }

    @Override public String toString() {
        return "ParallelText(" + size() + (size() == 1 ? " pair" : " pairs") + ", e.g. \"" + abbreviate(sources.get(0)) + "\" -> \""
                + abbreviate(targets.get(0)) + "\")";
    }
}
