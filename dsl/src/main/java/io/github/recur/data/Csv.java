package io.github.recur.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Loads CSV files into Tablesaw tables, from a file path or the class path (bundled datasets are
 * found by their file name). Tablesaw detects ISO dates and numbers; other date formats are parsed
 * with {@link #load(String, String, String)}.
 *
 * <pre>{@code
 * Table t = Csv.load("airline-passengers.csv", "Month", "yyyy-MM");   // Month becomes a LocalDate column
 * Table w = Csv.load("/data/weather.csv");
 * }</pre>
 */
public final class Csv {
    static final String DATASETS = "/io/github/recur/datasets/";

    private Csv() {}

    /** Reads a CSV with a header row from a file path, a class-path resource, or a bundled dataset name. */
    public static Table load(String source) {
        if (source == null || source.isBlank()) throw new IllegalArgumentException("Csv.load: source is empty; give a file path or resource name");
        String name = Path.of(source).getFileName().toString().replaceFirst("\\.csv$", "");
        Path file = Path.of(source);
        try {
            if (Files.isRegularFile(file)) {
                return Table.read().usingOptions(CsvReadOptions.builder(file.toFile()).tableName(name));
            }
            try (InputStream in = resource(source)) {
                return Table.read().usingOptions(CsvReadOptions.builder(in).tableName(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Csv.load: could not read '" + source + "': " + e.getMessage(), e);
        }
    }

    /**
     * Reads a CSV and parses {@code dateColumn} with a {@link DateTimeFormatter} pattern; patterns
     * without a day (e.g. {@code yyyy-MM}) give the first day of the month, without a month the first
     * of January.
     */
    public static Table load(String source, String dateColumn, String datePattern) {
        return parseDates(load(source), dateColumn, datePattern);
    }

    /** Replaces a text column by a date column parsed with {@code pattern}; the error names the row and value that fail. */
    public static Table parseDates(Table table, String column, String pattern) {
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
            if (c.isMissing(i)) { dates.appendMissing(); continue; }
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
