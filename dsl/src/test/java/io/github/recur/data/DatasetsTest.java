package io.github.recur.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
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
}
