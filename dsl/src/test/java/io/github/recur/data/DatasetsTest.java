package io.github.recur.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

class DatasetsTest {
    @Test
    void airlinePassengersHas144MonthsWithParsedDates() {
        Table t = Datasets.airlinePassengers();
        assertEquals(144, t.rowCount());
        assertEquals(ColumnType.LOCAL_DATE, t.column("Month").type());
        assertEquals(LocalDate.of(1949, 1, 1), t.dateColumn("Month").get(0));
        assertEquals(LocalDate.of(1960, 12, 1), t.dateColumn("Month").get(143));
        assertEquals(112, t.numberColumn("Passengers").getDouble(0));
        assertEquals(432, t.numberColumn("Passengers").getDouble(143));
        assertEquals(40363, t.numberColumn("Passengers").sum(), 0); // the classic series' total
    }

    @Test
    void melbourneTemperaturesHasTwoYearsOfDays() {
        Table t = Datasets.melbourneTemperatures();
        assertEquals(730, t.rowCount());
        assertEquals(ColumnType.LOCAL_DATE, t.column("Date").type());
        assertEquals(38.1, t.numberColumn("MaxTemperature").getDouble(0), 1e-9);
    }

    @Test
    void sentimentHasLabelledSentences() {
        Table t = Datasets.sentiment();
        assertEquals(1000, t.rowCount());
        assertEquals(500, (int) t.intColumn("label").sum());
        assertEquals(500, t.intColumn("label").isEqualTo(0).size());
        assertEquals("Good case, Excellent value.", t.stringColumn("text").get(1));
        assertEquals("You can not answer calls with the unit, never worked once!", t.stringColumn("text").get(999));
        assertEquals(0, t.intColumn("label").getInt(999));
    }

    @Test
    void shakespeareIsTheWholeOfCoriolanus() {
        String s = Datasets.shakespeare();
        assertEquals(154469, s.length());
        assertTrue(s.startsWith("First Citizen:\nBefore we proceed any further"));
        assertTrue(s.endsWith("Yet he shall have a noble memory. Assist.\n"), "ends with the play's last line");
    }

    @Test
    void csvLoadsFilesAndParsesCustomDatePatterns(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sales.csv");
        Files.writeString(f, "Month,Sales\n01/2020,3\n02/2020,5\n");
        Table t = Csv.load(f.toString(), "Month", "MM/yyyy");
        assertEquals(2, t.rowCount());
        assertEquals(LocalDate.of(2020, 2, 1), t.dateColumn("Month").get(1));
        var e = assertThrows(IllegalArgumentException.class, () -> Csv.load(f.toString(), "Month", "yyyy-MM-dd"));
        assertTrue(e.getMessage().contains("'Month'") && e.getMessage().contains("row 0"), e.getMessage());
    }

    @Test
    void theCacheDirectoryFollowsRecurDataAndImdbCachedOnlyLooksThere(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("recur-data");
        String before = System.getProperty("recur.data");
        System.setProperty("recur.data", cache.toString());
        try {
            assertEquals(cache.toAbsolutePath(), Datasets.cacheDirectory());
            assertFalse(Datasets.imdbCached());
            assertFalse(Files.exists(cache), "imdbCached created the cache directory");
            Files.createDirectories(cache);
            Files.writeString(cache.resolve("imdb.npz"), "not the published file");
            assertFalse(Datasets.imdbCached(), "a file with the wrong checksum counts as not cached");
        } finally {
            if (before == null) System.clearProperty("recur.data");
            else System.setProperty("recur.data", before);
        }
    }

    @Test
    void missingSourceIsExplained() {
        var e = assertThrows(java.io.UncheckedIOException.class, () -> Csv.load("no-such-file.csv"));
        assertTrue(e.getMessage().contains("no-such-file.csv"), e.getMessage());
    }

    // ---- the date-translation set: each pair read back with java.time ------------------------------

    /** One way of writing a date; {@code lowerCase}: written in lower case; {@code ordinal}: the day as 9th. */
    private record DateFormat(String name, DateTimeFormatter formatter, boolean lowerCase, boolean ordinal) {}

    private static DateFormat format(String pattern, boolean lowerCase, boolean ordinal) {
        return new DateFormat(pattern, new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                .toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT), lowerCase, ordinal);
    }

    /** d.M.yy with a two-digit year read as 1950-2049, the dataset's rule. */
    private static DateFormat twoDigitYear(String name, String dayMonth) {
        return new DateFormat(name, new DateTimeFormatterBuilder().appendPattern(dayMonth).appendValueReduced(ChronoField.YEAR, 2, 2, 1950)
                .toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT), false, false);
    }

    /** The formats DATASETS.md lists: numeric dates day first. */
    private static final List<DateFormat> DATE_FORMATS = List.of(
            format("d MMMM uuuu", true, false), format("dd MMMM uuuu", true, false), format("EEEE, d MMMM uuuu", true, false),
            format("d MMMM, uuuu", false, false), format("MMMM d, uuuu", false, false), format("MMMM d uuuu", true, false),
            format("EEEE, MMMM d, uuuu", false, false), format("EEE, d MMM uuuu", false, false), format("d MMM uuuu", false, false),
            format("MMM d, uuuu", false, false), format("d 'of' MMMM uuuu", false, true), format("MMMM d, uuuu", false, true),
            twoDigitYear("d.M.yy", "d.M."), format("dd.MM.uuuu", false, false), twoDigitYear("d/M/yy", "d/M/"),
            format("dd/MM/uuuu", false, false));

    private static final Pattern ORDINAL = Pattern.compile("\\b(\\d{1,2})(st|nd|rd|th)\\b");

    private static String ordinalSuffix(int day) {
        if (day >= 11 && day <= 13) return "th";
        return switch (day % 10) { case 1 -> "st"; case 2 -> "nd"; case 3 -> "rd"; default -> "th"; };
    }

    /** The date {@code human} denotes in {@code f}, or null when {@code f} does not write it exactly so. */
    private static LocalDate read(String human, DateFormat f) {
        String text = human;
        Matcher m = ORDINAL.matcher(human);
        boolean hasOrdinal = m.find();
        if (hasOrdinal != f.ordinal()) return null;
        if (hasOrdinal) {
            if (!m.group(2).equals(ordinalSuffix(Integer.parseInt(m.group(1))))) return null;
            text = m.replaceFirst("$1");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text, f.formatter());
        } catch (DateTimeParseException e) {
            return null;
        }
        String written = f.formatter().format(date);
        if (f.lowerCase()) written = written.toLowerCase(Locale.ROOT);
        return written.equals(text) ? date : null; // exactly as the format writes it: case, zero padding, weekday
    }

    @Test
    void datesPairTenThousandDifferentHumanDatesWithTheIsoDateTheyDenote() {
        ParallelText dates = Datasets.dates();
        assertEquals(10_000, dates.size());
        assertEquals(10_000, new HashSet<>(dates.sources()).size(), "no human date repeats");
        assertEquals("February 7, 1986", dates.source(0));
        assertEquals("1986-02-07", dates.target(0));
        Pattern iso = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
        int[] perFormat = new int[DATE_FORMATS.size()];
        LocalDate first = LocalDate.MAX, last = LocalDate.MIN;
        for (int i = 0; i < dates.size(); i++) {
            String human = dates.source(i), target = dates.target(i);
            assertTrue(iso.matcher(target).matches(), "line " + (i + 1) + ": target " + target);
            LocalDate expected = LocalDate.parse(target);
            first = first.isBefore(expected) ? first : expected;
            last = last.isAfter(expected) ? last : expected;
            int matches = 0;
            for (int k = 0; k < DATE_FORMATS.size(); k++) {
                LocalDate read = read(human, DATE_FORMATS.get(k));
                if (read == null) continue;
                assertEquals(expected, read, "line " + (i + 1) + ": \"" + human + "\" read as " + DATE_FORMATS.get(k).name());
                perFormat[k]++;
                matches++;
            }
            assertTrue(matches > 0, "line " + (i + 1) + ": \"" + human + "\" is in none of the formats");
        }
        for (int k = 0; k < perFormat.length; k++) {
            assertTrue(perFormat[k] > 400, DATE_FORMATS.get(k).name() + " has only " + perFormat[k] + " lines; about 625 expected");
        }
        assertTrue(first.isBefore(LocalDate.of(1951, 1, 1)) && !first.isBefore(LocalDate.of(1950, 1, 1)), "first date " + first);
        assertTrue(last.isAfter(LocalDate.of(2048, 12, 31)) && !last.isAfter(LocalDate.of(2049, 12, 31)), "last date " + last);
    }

    @Test
    void theDateReaderOfThisTestRefusesWhatNoFormatWrites() {
        // The check above is only as good as read(): it must not accept a wrong weekday, case, suffix or padding.
        assertEquals(LocalDate.of(1998, 5, 9), read("saturday, 9 may 1998", DATE_FORMATS.get(2)));
        assertNull(read("friday, 9 may 1998", DATE_FORMATS.get(2)));
        assertNull(read("Saturday, 9 May 1998", DATE_FORMATS.get(2)));
        assertEquals(LocalDate.of(1998, 5, 9), read("9th of May 1998", DATE_FORMATS.get(10)));
        assertNull(read("9st of May 1998", DATE_FORMATS.get(10)));
        assertEquals(LocalDate.of(2011, 5, 11), read("May 11th, 2011", DATE_FORMATS.get(11)));
        assertNull(read("May 11, 2011", DATE_FORMATS.get(11)));
        assertNull(read("09 may 1998", DATE_FORMATS.get(0)));
        assertEquals(LocalDate.of(1998, 5, 9), read("9.5.98", DATE_FORMATS.get(12)));
        assertEquals(LocalDate.of(2049, 5, 9), read("9.5.49", DATE_FORMATS.get(12)));
        assertEquals(LocalDate.of(1950, 5, 9), read("9/5/50", DATE_FORMATS.get(14)));
        assertNull(read("09.05.98", DATE_FORMATS.get(12)));
        assertNull(read("31.02.1998", DATE_FORMATS.get(13)));
    }
}
