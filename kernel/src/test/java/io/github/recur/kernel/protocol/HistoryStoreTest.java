package io.github.recur.kernel.protocol;

import com.google.gson.JsonArray;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryStoreTest {
    private static HistoryStore store() {
        HistoryStore h = new HistoryStore();
        String[] cells = {"int a = 1;", "a + 1", "Table t = load();", "a + 1", "print(a)"};
        for (int i = 0; i < cells.length; i++) h.input(i + 1, cells[i]);
        h.output(2, "2");
        h.output(4, "2");
        return h;
    }

    private static List<Integer> lines(JsonArray a) {
        List<Integer> l = new ArrayList<>();
        a.forEach(e -> l.add(e.getAsJsonArray().get(1).getAsInt()));
        return l;
    }

    @Test
    void tailGivesTheLastNInOrder() {
        assertEquals(List.of(4, 5), lines(store().tail(2, false)));
        assertEquals(HistoryStore.SESSION, store().tail(1, false).get(0).getAsJsonArray().get(0).getAsInt());
    }

    @Test
    void rangeIsStartUpToStopExclusiveInTheCurrentSessionOnly() {
        assertEquals(List.of(2, 3), lines(store().range(0, 2, 4, false)));
        assertEquals(List.of(4, 5), lines(store().range(1, 4, null, false)));
        assertEquals(0, store().range(-1, 1, null, false).size());
    }

    @Test
    void searchMatchesAGlobAndUniqueKeepsTheLatestOfEach() {
        assertEquals(List.of(2, 4), lines(store().search("a +*", null, false, false)));
        assertEquals(List.of(4), lines(store().search("a +*", null, true, false)));
        assertEquals(List.of(1, 3, 4, 5), lines(store().search("*a*", null, true, false)));
        assertEquals(List.of(5), lines(store().search("*", 1, false, false)));
        assertEquals(List.of(3), lines(store().search("Table [tx] *", null, false, false)));
    }

    @Test
    void withOutputEachEntryIsAnInputOutputPair() {
        JsonArray a = store().range(0, 1, 3, true);
        assertEquals("[\"int a = 1;\",null]", a.get(0).getAsJsonArray().get(2).toString());
        assertEquals("[\"a + 1\",\"2\"]", a.get(1).getAsJsonArray().get(2).toString());
    }

    @Test
    void aLargeOutputKeepsOnlyItsStartAndSaysHowMuchWasLeftOut() {
        HistoryStore h = new HistoryStore();
        h.input(1, "\"x\".repeat(1_000_000)");
        h.output(1, "x".repeat(1_000_000));
        String kept = h.tail(1, true).get(0).getAsJsonArray().get(2).getAsJsonArray().get(1).getAsString();
        assertEquals("x".repeat(HistoryStore.OUTPUT_CHARS_KEPT)
                + "\n... (" + (1_000_000 - HistoryStore.OUTPUT_CHARS_KEPT) + " more characters not kept in history)", kept);
    }

    @Test
    void aShortOutputIsKeptWhole() {
        HistoryStore h = new HistoryStore();
        h.input(1, "s");
        h.output(1, "y".repeat(HistoryStore.OUTPUT_CHARS_KEPT));
        assertEquals("y".repeat(HistoryStore.OUTPUT_CHARS_KEPT),
                h.tail(1, true).get(0).getAsJsonArray().get(2).getAsJsonArray().get(1).getAsString());
    }

    @Test
    void globCharactersOfRegexAreTakenLiterally() {
        assertTrue(HistoryStore.globPattern("a.b(c)").matcher("a.b(c)").matches());
        assertTrue(!HistoryStore.globPattern("a.b").matcher("axb").matches());
    }
}
