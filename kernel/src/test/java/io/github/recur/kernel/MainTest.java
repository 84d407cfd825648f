package io.github.recur.kernel;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher that must run on any Java far enough to say which Java the kernel needs. */
class MainTest {
    @Test
    void theLauncherIsJava8BytecodeSoOldJavasCanRunIt() throws Exception {
        try (InputStream in = Main.class.getResourceAsStream("Main.class")) {
            assertNotNull(in);
            DataInputStream d = new DataInputStream(in);
            assertEquals(0xCAFEBABE, d.readInt());
            d.readUnsignedShort(); // minor
            assertEquals(52, d.readUnsignedShort(), "Main must be Java 8 bytecode (major 52)");
        }
    }

    @Test
    void javaOlderThan17IsRefusedWithTheJdkToInstall() {
        for (String v : new String[] {"1.8", "11", "16"}) {
            String msg = Main.unsupportedJava(v, "/opt/old-java");
            assertNotNull(msg, v);
            assertTrue(msg.contains("needs Java 17 or newer") && msg.contains("Java " + v) && msg.contains("/opt/old-java")
                    && msg.contains("openjdk-17-jdk-headless"), msg);
        }
    }

    @Test
    void java17AndNewerAreAccepted() {
        for (String v : new String[] {"17", "21", "25", "26"}) assertNull(Main.unsupportedJava(v, "/jdk"), v);
    }
}
