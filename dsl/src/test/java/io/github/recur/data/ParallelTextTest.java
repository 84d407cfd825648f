package io.github.recur.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelTextTest {
    @TempDir Path dir;

    private Path write(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private Path write(String name, String text) throws Exception { return write(name, text.getBytes(StandardCharsets.UTF_8)); }

    private IllegalArgumentException refused(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> ParallelText.load(file));
    }

    @Test
    void readsTatoebaPairsIgnoringTheirAttributionColumn() throws Exception {
        Path f = write("fra.txt", "Go.\tVa !\tCC-BY 2.0 (France) Attribution: tatoeba.org #2877272 (CM) & #1158250 (Wittydev)\n"
                + "Hi.\tSalut !\tCC-BY 2.0 (France) Attribution: tatoeba.org #538123 (CM) & #509819 (Aiji)\n"
                + "How are you?\tÇa va ?\n");
        ParallelText p = ParallelText.load(f);
        assertEquals(3, p.size());
        assertEquals(List.of("Go.", "Hi.", "How are you?"), p.sources());
        assertEquals(List.of("Va !", "Salut !", "Ça va ?"), p.targets());
        assertEquals("Ça va ?", p.target(2));
        assertEquals("Hi.", p.source(1));
    }

    @Test
    void acceptsWindowsLineEndsAUtf8ByteOrderMarkAndEmptyLines() throws Exception {
        byte[] text = "\r\n9 may 1998\t1998-05-09\r\n\r\n9.5.98\t1998-05-09\r\n\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF; withBom[1] = (byte) 0xBB; withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        ParallelText p = ParallelText.load(write("windows.tsv", withBom));
        assertEquals(List.of("9 may 1998", "9.5.98"), p.sources(), "no BOM in the first source");
        assertEquals(List.of("1998-05-09", "1998-05-09"), p.targets(), "no carriage return in the targets");
    }

    @Test
    void aMissingFileOrADirectoryIsNamedWithWhatToDo() {
        var e = refused(dir.resolve("fra.txt"));
        assertTrue(e.getMessage().contains("no file") && e.getMessage().contains("fra.txt") && e.getMessage().contains("manythings.org"),
                e.getMessage());
        e = refused(dir);
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ParallelText.load(null));
        assertTrue(e.getMessage().contains("file is null"), e.getMessage());
    }

    @Test
    void aLineWithoutATabIsNamedByFileAndLine() throws Exception {
        var e = refused(write("pairs.tsv", "a\tb\nc d e\n"));
        assertTrue(e.getMessage().contains("pairs.tsv line 2 has no tab") && e.getMessage().contains("\"c d e\""), e.getMessage());
        e = refused(write("spaces.tsv", "a    b\n"));
        assertTrue(e.getMessage().contains("spaces.tsv line 1 has no tab") && e.getMessage().contains("source<TAB>target"), e.getMessage());
    }

    @Test
    void anEmptySourceOrTargetIsNamedByFileAndLine() throws Exception {
        var e = refused(write("a.tsv", "a\tb\n\tb\n"));
        assertTrue(e.getMessage().contains("a.tsv line 2 has an empty source"), e.getMessage());
        e = refused(write("b.tsv", "a\tb\nc\t\n"));
        assertTrue(e.getMessage().contains("b.tsv line 2 has an empty target"), e.getMessage());
        e = refused(write("c.tsv", "a\t  \tattribution\n"));
        assertTrue(e.getMessage().contains("c.tsv line 1 has an empty target"), e.getMessage());
    }

    @Test
    void textThatIsNotUtf8IsRefusedWithItsLine() throws Exception {
        var e = refused(write("latin1.tsv", "a\tb\ncafé\tcoffee\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(e.getMessage().contains("latin1.tsv line 2 is not valid UTF-8"), e.getMessage());
        e = refused(write("utf16.tsv", "\uFEFFa\tb\n".getBytes(StandardCharsets.UTF_16LE)));
        assertTrue(e.getMessage().contains("utf16.tsv") && e.getMessage().contains("UTF-16"), e.getMessage());
        e = refused(write("joined.tsv", "a\tb\n\uFEFFc\td\n"));
        assertTrue(e.getMessage().contains("joined.tsv line 2") && e.getMessage().contains("U+FEFF"), e.getMessage());
    }

    @Test
    void aFileWithoutPairsIsRefused() throws Exception {
        var e = refused(write("empty.tsv", ""));
        assertTrue(e.getMessage().contains("empty.tsv holds no pairs"), e.getMessage());
        e = refused(write("blank.tsv", "\n\r\n\n"));
        assertTrue(e.getMessage().contains("blank.tsv holds no pairs"), e.getMessage());
    }

    @Test
    void ofCopiesTheListsAndRefusesMismatchedOrBlankTexts() {
        List<String> sources = new ArrayList<>(List.of("Go.", "Hi.")), targets = new ArrayList<>(List.of("Va !", "Salut !"));
        ParallelText p = ParallelText.of(sources, targets);
        sources.set(0, "changed");
        assertEquals("Go.", p.source(0), "the pairs are copied");
        assertThrows(UnsupportedOperationException.class, () -> p.sources().set(0, "x"));
        var e = assertThrows(IllegalArgumentException.class, () -> ParallelText.of(List.of("a", "b"), List.of("x")));
        assertTrue(e.getMessage().contains("2 sources but 1 targets"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ParallelText.of(List.of("a", "b"), List.of("x", " ")));
        assertTrue(e.getMessage().contains("pair 1 has an empty target"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ParallelText.of(Arrays.asList("a", null), List.of("x", "y")));
        assertTrue(e.getMessage().contains("pair 1 has a null source"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ParallelText.of(List.of(), List.of()));
        assertTrue(e.getMessage().contains("no pairs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.source(2));
        assertTrue(e.getMessage().contains("pair 2 does not exist"), e.getMessage());
    }

    private static ParallelText numbered(int n) {
        List<String> s = new ArrayList<>(), t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add("s" + i);
            t.add("t" + i);
        }
        return ParallelText.of(s, t);
    }

    /** Every pair of a part still pairs source i with target i. */
    private static void assertPaired(ParallelText p) {
        for (int i = 0; i < p.size(); i++) assertEquals(p.source(i).substring(1), p.target(i).substring(1), "pair " + i);
    }

    @Test
    void splitShufflesWithTheSeedAndUsesEveryPairOnce() {
        ParallelText p = numbered(100);
        ParallelTextSplit parts = p.split(0.8, 0.1, 42);
        assertEquals(80, parts.train().size());
        assertEquals(10, parts.validation().size());
        assertEquals(10, parts.test().size());
        Set<String> seen = new HashSet<>();
        for (ParallelText part : List.of(parts.train(), parts.validation(), parts.test())) {
            assertPaired(part);
            seen.addAll(part.sources());
        }
        assertEquals(new HashSet<>(p.sources()), seen, "each pair is in exactly one part");
        assertEquals(parts.train().sources(), p.split(0.8, 0.1, 42).train().sources(), "the same seed gives the same split");
        assertNotEquals(parts.train().sources(), p.split(0.8, 0.1, 43).train().sources(), "another seed another split");
        assertNotEquals(p.sources().subList(0, 80), parts.train().sources(), "shuffled, not the first lines");
        ParallelTextSplit two = p.split(0.9, 7);
        assertNull(two.validation());
        assertEquals(90, two.train().size());
        assertEquals(10, two.test().size());
        assertEquals("ParallelTextSplit(train 90, validation 0, test 10 pairs)", two.toString());
    }

    @Test
    void splitRefusesFractionsThatLeaveAPartEmpty() {
        ParallelText p = numbered(10);
        for (double[] f : new double[][] {{0, 0.1}, {1, 0}, {0.8, 0.2}, {0.5, -0.1}, {Double.NaN, 0.1}, {0.5, Double.NaN}, {0.01, 0.1}}) {
            var e = assertThrows(IllegalArgumentException.class, () -> p.split(f[0], f[1], 1), Arrays.toString(f));
            assertTrue(e.getMessage().startsWith("ParallelText.split"), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> p.split(0.5, 0.01, 1));
        assertTrue(e.getMessage().contains("leave a part empty"), e.getMessage());
    }

    @Test
    void takeShuffleAndSwappedKeepEachSourceWithItsTarget() {
        ParallelText p = numbered(30);
        assertEquals(List.of("s0", "s1", "s2"), p.take(3).sources());
        assertEquals(List.of("t0", "t1", "t2"), p.take(3).targets());
        assertSame(p, p.take(30));
        assertEquals(30, p.take(1000).size(), "taking more than there is takes all");
        assertThrows(IllegalArgumentException.class, () -> p.take(0));
        ParallelText mixed = p.shuffle(5);
        assertPaired(mixed);
        assertEquals(new HashSet<>(p.sources()), new HashSet<>(mixed.sources()));
        assertEquals(mixed.sources(), p.shuffle(5).sources());
        ParallelText back = p.swapped();
        assertEquals(p.targets(), back.sources());
        assertEquals(p.sources(), back.targets());
    }

    @Test
    void theTableHasASourceAndATargetColumn() {
        var t = numbered(4).table();
        assertEquals(List.of("source", "target"), t.columnNames());
        assertEquals(4, t.rowCount());
        assertEquals("t3", t.stringColumn("target").get(3));
        assertEquals("ParallelText(4 pairs, e.g. \"s0\" -> \"t0\")", numbered(4).toString());
    }
}
