package io.github.recur.kernel.evaluation;

import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExitCallRewriterTest {
    private static final String SOURCE = String.join("\n",
            "package t;",
            "public class Exits {",
            "    public static void system() { System.exit(3); }",
            "    public static void runtimeExit() { Runtime.getRuntime().exit(4); }",
            "    public static void halt() { Runtime.getRuntime().halt(5); }",
            "    public static void staticReference() { java.util.function.IntConsumer c = System::exit; c.accept(6); }",
            "    public static void boundReference() { java.util.function.IntConsumer c = Runtime.getRuntime()::exit; c.accept(7); }",
            "    public static void lambda() { Runnable r = () -> System.exit(8); r.run(); }",
            "    public static void inThread() throws Throwable {",
            "        Throwable[] seen = new Throwable[1];",
            "        Thread t = new Thread(() -> System.exit(9));",
            "        t.setUncaughtExceptionHandler((th, e) -> seen[0] = e);",
            "        t.start(); t.join();",
            "        throw seen[0];",
            "    }",
            "    static int exit(int x) { return x + 1; }",
            "    public static int ownMethodNamedExit() { return exit(41); }",
            "}");

    private static Class<?> rewritten() throws Exception {
        Map<String, byte[]> classes = new HashMap<>();
        InMemoryCompiler.compile("t.Exits", SOURCE).forEach((n, b) -> classes.put(n, ExitCallRewriter.rewrite(b)));
        return InMemoryCompiler.loader(classes).loadClass("t.Exits");
    }

    private static Throwable thrownBy(Class<?> c, String method) throws Exception {
        Method m = c.getMethod(method);
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> m.invoke(null));
        return e.getCause();
    }

    @Test
    void everyKindOfExitCallEndsInACellExitErrorNamingTheCall() throws Exception {
        Class<?> c = rewritten();
        Map<String, String> expected = Map.of("system", "System.exit(3)", "runtimeExit", "Runtime.exit(4)", "halt", "Runtime.halt(5)",
                "staticReference", "System.exit(6)", "boundReference", "Runtime.exit(7)", "lambda", "System.exit(8)",
                "inThread", "System.exit(9)");
        for (var e : expected.entrySet()) {
            Throwable t = thrownBy(c, e.getKey());
            assertInstanceOf(CellExitError.class, t, e.getKey());
            assertTrue(t.getMessage().startsWith(e.getValue() + " was not run"), t.getMessage());
        }
    }

    @Test
    void aMethodOfOurOwnCalledExitIsLeftAlone() throws Exception {
        assertEquals(42, rewritten().getMethod("ownMethodNamedExit").invoke(null));
    }

    @Test
    void aClassWithoutExitCallsIsReturnedUntouched() {
        byte[] plain = InMemoryCompiler.compile("t.Plain", "package t; public class Plain { int x() { return 1; } }").get("t.Plain");
        assertSame(plain, ExitCallRewriter.rewrite(plain));
    }

    @Test
    void aClassFileNewerThanAsmKnowsIsStillRewrittenAndKeepsItsVersion() {
        byte[] b = InMemoryCompiler.compile("t.Exits", SOURCE).get("t.Exits").clone();
        b[6] = 0;
        b[7] = (byte) 99; // a Java from the future
        byte[] out = ExitCallRewriter.rewrite(b);
        assertEquals(99, ((out[6] & 0xFF) << 8) | (out[7] & 0xFF));
        assertTrue(ExitCallRewriter.containsUtf8(out, "io/github/recur/kernel/evaluation/ExitGuard"));
    }
}
