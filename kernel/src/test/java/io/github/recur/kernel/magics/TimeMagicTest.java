package io.github.recur.kernel.magics;

import io.github.recur.kernel.evaluation.RunTime;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimeMagicTest {
    private static final String NL = System.lineSeparator();

    @Test
    void theReportGivesBothCpuTimesThenTheWallTimeOfTheRun() {
        RunTime ran = new RunTime(3_200_000, 3_100_000, 10_000_000, 1);
        assertEquals("CPU times: cell thread 3.1 ms, whole JVM 10.0 ms" + NL + "Wall time: 3.2 ms" + NL,
                TimeMagic.report(ran, 99_000_000));
    }

    @Test
    void aCompilationOfATenthOfASecondOrMoreGetsALineOfItsOwn() {
        RunTime ran = new RunTime(1_000, 0, 0, 1);
        assertEquals("CPU times: cell thread 0 ns, whole JVM 0 ns" + NL + "Wall time: 1.0 µs" + NL + "Compile time: 120.0 ms" + NL,
                TimeMagic.report(ran, 120_000_000));
    }
}
