package io.github.recur.kernel.docs;

import io.github.recur.kernel.evaluation.Evaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recur's own Javadoc, read from its sources (dsl/src/main/java beside the dsl classes on the test class path). */
@Timeout(300) // a JShell that hangs must fail the build, not stall it
class DocumentationTest {
    private static Evaluator evaluator;
    private static Documentation docs;

    @BeforeAll
    static void start() {
        evaluator = new Evaluator(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
                new PrintStream(new ByteArrayOutputStream(), true));
        evaluator.tryQuietly("import io.github.recur.*;");
        evaluator.tryQuietly("import io.github.recur.plot.*;");
        evaluator.tryQuietly("import static io.github.recur.Recur.*;");
        docs = new Documentation(evaluator);
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    @Test
    void inspectingLstmGivesItsSignatureAndTheFirstSentenceOfItsJavadoc() {
        String d = docs.at("lstm", 4);
        assertTrue(d.startsWith("io.github.recur.layers.Recurrent Recur.lstm(int units)")
                || d.startsWith("Recurrent Recur.lstm(int units)"), d);
        assertTrue(d.contains("LSTM layer (PyTorch equations, gates i, f, g, o); last-step output unless .returnSequences()."), d);
    }

    @Test
    void overloadsAreEachDocumented() {
        String d = docs.of("sequential");
        assertTrue(d.contains("sequential(") && d.contains("A sequential model"), d);
    }

    @Test
    void anUnknownNameHasNoDocumentation() {
        assertEquals("", docs.of("noSuchFunctionAnywhere"));
    }
}
