package io.github.recur.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvTest {
    private static String file(Path dir, String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p.toString();
    }

    @Test
    void anEmptyFileSaysItNeedsAHeaderRow(@TempDir Path dir) throws Exception {
        String f = file(dir, "empty.csv", "");
        var e = assertThrows(IllegalArgumentException.class, () -> Csv.load(f));
        assertTrue(e.getMessage().contains(f) && e.getMessage().contains("empty") && e.getMessage().contains("header row"), e.getMessage());
    }

    @Test
    void aSemicolonFileIsRefusedWithTheSeparatorOptionToUse(@TempDir Path dir) throws Exception {
        String f = file(dir, "semi.csv", "a;b\n1;2\n");
        var e = assertThrows(IllegalArgumentException.class, () -> Csv.load(f));
        assertTrue(e.getMessage().contains("Csv.separator(';')") && e.getMessage().contains("'a;b'"), e.getMessage());
        Table t = Csv.load(f, Csv.separator(';'));
        assertEquals(2, t.columnCount());
        assertEquals(ColumnType.INTEGER, t.column("b").type());
    }

    @Test
    void nanAndInfinityKeepAColumnNumeric(@TempDir Path dir) throws Exception {
        Table t = Csv.load(file(dir, "nan.csv", "x,y\n1,NaN\n2,inf\n3,-Infinity\n4,2.5\n"));
        assertEquals(ColumnType.DOUBLE, t.column("y").type());
        assertTrue(t.column("y").isMissing(0), "NaN is Tablesaw's missing double");
        assertEquals(Double.POSITIVE_INFINITY, t.doubleColumn("y").getDouble(1));
        assertEquals(Double.NEGATIVE_INFINITY, t.doubleColumn("y").getDouble(2));
        assertEquals(2.5, t.doubleColumn("y").getDouble(3));
    }

    @Test
    void windowsNameTheRowOfAMissingOrInfiniteValue(@TempDir Path dir) throws Exception {
        Table t = Csv.load(file(dir, "gaps.csv", "x,y\n1,NaN\n2,2\n3,4\n"));
        var missing = assertThrows(IllegalArgumentException.class, () -> Windows.of(t, "y"));
        assertTrue(missing.getMessage().contains("missing value at row 0"), missing.getMessage());
        Table inf = Csv.load(file(dir, "inf.csv", "x,y\n1,1\n2,inf\n3,4\n"));
        var infinite = assertThrows(IllegalArgumentException.class, () -> Windows.of(inf, "y"));
        assertTrue(infinite.getMessage().contains("Infinity at row 1"), infinite.getMessage());
    }

    @Test
    void aRowWithTheWrongFieldCountIsNamedByRowAndLine(@TempDir Path dir) throws Exception {
        String fewer = file(dir, "fewer.csv", "x,y\n1,2\n3\n");
        var e = assertThrows(IllegalArgumentException.class, () -> Csv.load(fewer));
        assertTrue(e.getMessage().contains("data row 2 (line 3 of the file) has 1 field(s)") && e.getMessage().contains("'x,y' has 2"), e.getMessage());
        String more = file(dir, "more.csv", "x,y\n1,2\n3,4,5\n");
        var m = assertThrows(IllegalArgumentException.class, () -> Csv.load(more));
        assertTrue(m.getMessage().contains("data row 2 (line 3 of the file) has 3 field(s)"), m.getMessage());
    }

    @Test
    void missingValueStringsAreMissing(@TempDir Path dir) throws Exception {
        Table t = Csv.load(file(dir, "q.csv", "x,y\n1,?\n2,3\n3,4\n"), Csv.missing("?"));
        assertEquals(ColumnType.INTEGER, t.column("y").type());
        assertTrue(t.column("y").isMissing(0));
    }

    @Test
    void aHeaderOnlyFileGivesItsColumnsWithNoRows(@TempDir Path dir) throws Exception {
        Table t = Csv.load(file(dir, "h.csv", "date,value\n"));
        assertEquals(java.util.List.of("date", "value"), t.columnNames());
        assertEquals(0, t.rowCount());
    }

    @Test
    void aMissingFileOrADirectoryIsNamed(@TempDir Path dir) {
        var io = assertThrows(UncheckedIOException.class, () -> Csv.load(dir.resolve("nope.csv").toString()));
        assertTrue(io.getMessage().contains("nope.csv"), io.getMessage());
        var d = assertThrows(IllegalArgumentException.class, () -> Csv.load(dir.toString()));
        assertTrue(d.getMessage().contains("is a directory"), d.getMessage());
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Csv.separator('"'));
        assertThrows(IllegalArgumentException.class, () -> Csv.missing());
        assertThrows(IllegalArgumentException.class, () -> Csv.load("airline-passengers.csv", (Csv.Option) null));
    }

    @Test
    void bundledDatasetsStillLoadByName() {
        assertEquals(144, Csv.load("airline-passengers.csv").rowCount());
    }
}
