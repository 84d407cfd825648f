package io.github.recur.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Loads CSV files into Tablesaw tables, from a file path or the class path (bundled datasets are
 * found by their file name). Tablesaw detects ISO dates and numbers; other date formats are parsed
 * with {@link #load(String, String, String)}. In a numeric column {@code NaN} reads as a missing
 * value (Tablesaw's missing double) and {@code inf}, {@code -inf} as infinities, so that the column
 * stays numeric; the data checks ({@code Windows}, scalers) then name the rows to fix.
 *
 * <p>A file that cannot be read as a table (empty, rows with more or fewer fields than the header, a
 * header that is not comma-separated) is an {@link IllegalArgumentException} that names the file,
 * the row and what to do; a file that cannot be opened is an {@link UncheckedIOException}.
 *
 * <pre>{@code
 * Table t = Csv.load("airline-passengers.csv", "Month", "yyyy-MM");   // Month becomes a LocalDate column
 * Table w = Csv.load("/data/weather.csv");
 * Table s = Csv.load("/data/sales.csv", Csv.separator(';'), Csv.missing("?", "n/a"));
 * }</pre>
 */
public final class Csv {
    static final String DATASETS = "/io/github/recur/datasets/";
    private static final Pattern TABLESAW_ROW = Pattern.compile("Row number (\\d+) contains (\\d+) columns\\. (\\d+) expected");
    private static final Pattern TABLESAW_DETECT_ROW = Pattern.compile("from row (\\d+) with values: \\[(.*)]");
    private static final Set<String> NOT_A_NUMBER = Set.of("nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity");

    private Csv() {}

    /** How to read a file: {@link #separator(char)}, {@link #missing(String...)}. */
    public static final class Option {
        private final Character separator;
        private final List<String> missing;

        private Option(Character separator, List<String> missing) {
            this.separator = separator;
            this.missing = missing;
        }
    }

    /** Fields are separated by {@code c} (default {@code ','}), e.g. {@code ';'} or {@code '\t'}. */
    public static Option separator(char c) {
        if (c == '"' || c == '\n' || c == '\r') {
            throw new IllegalArgumentException("Csv.separator: '" + c + "' cannot separate fields; use ',', ';', '\\t' or '|'");
        }
        return new Option(c, List.of());
    }

    /** These values (besides an empty field) mean "missing", e.g. {@code missing("?", "NA", "-")}. */
    public static Option missing(String... values) {
        if (values == null || values.length == 0) throw new IllegalArgumentException("Csv.missing: give at least one value, e.g. missing(\"NA\")");
        for (String v : values) if (v == null) throw new IllegalArgumentException("Csv.missing: a value is null");
        return new Option(null, List.of(values));
    }

    /** Reads a comma-separated file with a header row from a file path, a class-path resource, or a bundled dataset name. */
    public static Table load(String source) {
        return load(source, new Option[0]);
    }

    /** Reads a CSV with a header row, with options: {@code Csv.load("x.csv", Csv.separator(';'), Csv.missing("?"))}. */
    public static Table load(String source, Option... options) {
        if (source == null || source.isBlank()) throw new IllegalArgumentException("Csv.load: source is empty; give a file path or resource name");
        if (options == null) throw new IllegalArgumentException("Csv.load: options is null; leave it out for a comma-separated file");
        char separator = ',';
        Set<String> missing = new LinkedHashSet<>(List.of("", "NA", "N/A"));
        for (Option o : options) {
            if (o == null) throw new IllegalArgumentException("Csv.load(" + source + "): an option is null");
            if (o.separator != null) separator = o.separator;
            missing.addAll(o.missing);
        }
        byte[] bytes = read(source);
        String name = Path.of(source).getFileName().toString().replaceFirst("\\.csv$", "");
        return parse(bytes, name, source, separator, missing, options.length > 0);
    }

    /**
     * Reads a CSV and parses {@code dateColumn} with a {@link DateTimeFormatter} pattern; patterns
     * without a day (e.g. {@code yyyy-MM}) give the first day of the month, without a month the first
     * of January.
     */
    public static Table load(String source, String dateColumn, String datePattern) {
        if (dateColumn == null || datePattern == null) {
            throw new IllegalArgumentException("Csv.load: dateColumn and datePattern must not be null, e.g. load(\"sales.csv\", \"Date\", \"yyyy-MM-dd\")");
        }
        return parseDates(load(source), dateColumn, datePattern);
    }

    /** Replaces a text column by a date column parsed with {@code pattern}; the error names the row and value that fail. */
    public static Table parseDates(Table table, String column, String pattern) {
        if (table == null) throw new IllegalArgumentException("parseDates: the table is null");
        if (pattern == null || pattern.isBlank()) throw new IllegalArgumentException("parseDates: the date pattern is empty; e.g. \"yyyy-MM-dd\"");
        Column<?> c = Columns.column(table, column);
        DateTimeFormatter f;
        try {
            f = new DateTimeFormatterBuilder().appendPattern(pattern)
                    .parseDefaulting(ChronoField.MONTH_OF_YEAR, 1)
                    .parseDefaulting(ChronoField.DAY_OF_MONTH, 1).toFormatter(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("date pattern '" + pattern + "' for column '" + column + "' is invalid: " + e.getMessage(), e);
        }
        DateColumn dates = DateColumn.create(column);
        for (int i = 0; i < c.size(); i++) {
            if (c.isMissing(i)) {
                dates.appendMissing();
                continue;
            }
            String s = c.getString(i).trim();
            try {
                dates.append(LocalDate.parse(s, f));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("column '" + column + "' row " + i + ": '" + s + "' does not match the date pattern '"
                        + pattern + "'", e);
            }
        }
        table.replaceColumn(column, dates);
        return table;
    }

    private static byte[] read(String source) {
        Path file = Path.of(source);
        try {
            if (Files.isDirectory(file)) throw new IllegalArgumentException("Csv.load: '" + source + "' is a directory; give a CSV file in it");
            if (Files.isRegularFile(file)) return Files.readAllBytes(file);
            try (InputStream in = resource(source)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Csv.load: could not read '" + source + "': " + e.getMessage(), e);
        }
    }

    private static Table parse(byte[] bytes, String name, String source, char separator, Set<String> missing, boolean separatorGiven) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> lines = text.lines().filter(l -> !l.isBlank()).limit(2).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("Csv.load(" + source + "): the file is empty; a CSV needs a header row (e.g. 'date,value') "
                    + "and one row per record");
        }
        String header = lines.get(0);
        if (!separatorGiven && header.indexOf(',') < 0) {
            for (char other : new char[] {';', '\t', '|'}) {
                if (header.indexOf(other) >= 0) {
                    throw new IllegalArgumentException("Csv.load(" + source + "): the header '" + abbreviate(header) + "' has no comma but "
                            + (header.split(Pattern.quote(String.valueOf(other)), -1).length) + " fields separated by '"
                            + (other == '\t' ? "\\t" : String.valueOf(other)) + "'; load it with Csv.load(\"" + source
                            + "\", Csv.separator('" + (other == '\t' ? "\\t" : String.valueOf(other)) + "'))");
                }
            }
        }
        if (lines.size() == 1) return headerOnly(name, header, separator);
        Table t;
        try {
            t = Table.read().usingOptions(CsvReadOptions.builder(new ByteArrayInputStream(bytes)).tableName(name)
                    .separator(separator).missingValueIndicator(missing.toArray(new String[0])));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(explain(e, source, header, separator), e);
        }
        return numericWithNotANumber(t);
    }

    /** A file with only its header: the columns, with no rows (Tablesaw would return no columns at all). */
    private static Table headerOnly(String name, String header, char separator) {
        Table t = Table.create(name);
        for (String c : header.split(Pattern.quote(String.valueOf(separator)), -1)) {
            String col = c.strip().replaceAll("^\"|\"$", "");
            t.addColumns(StringColumn.create(col.isEmpty() ? "C" + t.columnCount() : col));
        }
        return t;
    }

    /** Tablesaw's message about a row with the wrong number of fields, as one about the file. */
    private static String explain(RuntimeException e, String source, String header, char separator) {
        String msg = String.valueOf(e.getMessage());
        Matcher row = TABLESAW_ROW.matcher(msg);
        int fields = header.split(Pattern.quote(String.valueOf(separator)), -1).length;
        if (row.find()) {
            int r = Integer.parseInt(row.group(1));
            return "Csv.load(" + source + "): data row " + r + " (line " + (r + 1) + " of the file) has " + row.group(2)
                    + " field(s) where the header '" + abbreviate(header) + "' has " + row.group(3)
                    + "; fix that row, or quote values that contain the separator '" + separator + "'";
        }
        Matcher detect = TABLESAW_DETECT_ROW.matcher(msg);
        if (detect.find()) {
            int r = Integer.parseInt(detect.group(1)) + 1; // Tablesaw counts data rows from 0 while it detects types
            int got = detect.group(2).isEmpty() ? 0 : detect.group(2).split(",", -1).length;
            return "Csv.load(" + source + "): data row " + r + " (line " + (r + 1) + " of the file) has " + got
                    + " field(s) where the header '" + abbreviate(header) + "' has " + fields
                    + "; fix that row, or quote values that contain the separator '" + separator + "'";
        }
        return "Csv.load(" + source + "): the file is not a table Tablesaw can read (" + msg + "); check that every row has "
                + fields + " fields separated by '" + separator + "' like the header";
    }

    /** A text column whose values are all numbers or NaN/inf spellings becomes a double column. */
    private static Table numericWithNotANumber(Table t) {
        for (String name : new ArrayList<>(t.columnNames())) {
            Column<?> c = t.column(name);
            if (c.type() != ColumnType.STRING) continue;
            double[] values = new double[c.size()];
            boolean numeric = true;
            boolean sawNotANumber = false;
            for (int i = 0; i < c.size() && numeric; i++) {
                if (c.isMissing(i)) continue;
                String s = c.getString(i).strip();
                String lower = s.toLowerCase(Locale.ROOT);
                if (NOT_A_NUMBER.contains(lower)) {
                    values[i] = lower.equals("nan") ? Double.NaN : lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                    sawNotANumber = true;
                } else {
                    try {
                        values[i] = Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        numeric = false;
                    }
                }
            }
            if (numeric && sawNotANumber) {
                DoubleColumn d = DoubleColumn.create(name);
                for (int i = 0; i < values.length; i++) {
                    if (c.isMissing(i)) d.appendMissing();
                    else d.append(values[i]);
                }
                t.replaceColumn(name, d);
            }
        }
        return t;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    static InputStream resource(String source) throws IOException {
        String[] candidates = {source, "/" + source, DATASETS + source};
        for (String r : candidates) {
            InputStream in = Csv.class.getResourceAsStream(r);
            if (in != null) return in;
        }
        throw new IOException("no file or class-path resource '" + source + "' (working directory "
                + Path.of("").toAbsolutePath() + "); bundled datasets: see Datasets");
    }
}
