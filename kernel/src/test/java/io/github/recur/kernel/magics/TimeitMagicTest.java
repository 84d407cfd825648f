package io.github.recur.kernel.magics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeitMagicTest {
    @Test
    void optionsAreParsedAndTheRestIsTheStatement() {
        TimeitMagic.Options o = TimeitMagic.parse("-n 100 -r 3 Math.sqrt(2.0)");
        assertEquals(100L, o.loops());
        assertEquals(3, o.runs());
        assertEquals("Math.sqrt(2.0)", o.rest());
        TimeitMagic.Options d = TimeitMagic.parse("list.add(1)");
        assertNull(d.loops());
        assertEquals(7, d.runs());
        assertEquals("list.add(1)", d.rest());
    }

    @Test
    void aLoopCountThatIsNoPositiveNumberIsRefusedWithTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> TimeitMagic.parse("-n many x()"));
        assertTrue(e.getMessage().contains("'many'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeitMagic.parse("-r 0 x()"));
    }

    @Test
    void theReportReadsAsIPythonsWithPopulationStandardDeviation() {
        String r = TimeitMagic.report(new double[] {1e-6, 3e-6}, 10_000);
        assertEquals("2.0 µs ± 1.0 µs per loop (mean ± std. dev. of 2 runs, 10,000 loops each)", r);
        assertEquals("5.0 ms ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)", TimeitMagic.report(new double[] {5e-3}, 1));
    }

    @Test
    void anExpressionsValueGoesToTheSinkAndEveryIterationStartsWithAFence() {
        String expression = TimeitMagic.loopSource("1 + 1;", true);
        assertTrue(expression.contains("TimeitSink.consume(1 + 1);"), expression);
        assertTrue(expression.contains("TimeitSink.fence();"), expression);
        String statement = TimeitMagic.loopSource("list.clear()", false);
        assertTrue(statement.contains("list.clear();") && statement.contains("TimeitSink.fence();"), statement);
        assertTrue(statement.indexOf("fence()") < statement.indexOf("list.clear()"), "the fence comes first, so a statement that never ends normally still compiles");
    }

    @Test
    void theSinkNeverStoresAndAcceptsEveryPrimitiveWithoutBoxing() throws Exception {
        for (String type : new String[] {"int", "long", "double", "float", "boolean", "char", "byte", "short"}) {
            Class<?> c = (Class<?>) Class.forName("java.lang." + (type.equals("int") ? "Integer" : type.equals("char") ? "Character"
                    : Character.toUpperCase(type.charAt(0)) + type.substring(1))).getField("TYPE").get(null);
            assertEquals(void.class, TimeitSink.class.getMethod("consume", c).getReturnType(), type);
        }
        TimeitSink.consume(1);
        TimeitSink.consume(2L);
        TimeitSink.consume(1.0);
        TimeitSink.consume(2.0);
        TimeitSink.consume("x");
        var stored = TimeitSink.class.getDeclaredField("stored");
        stored.setAccessible(true);
        assertNull(stored.get(null));
    }
}
