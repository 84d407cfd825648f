package io.github.recur.kernel.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutputStreamsTest {
    @Test
    void aMultiByteCharacterCutInHalfWaitsForItsOtherBytes() {
        byte[] euro = "a€".getBytes(StandardCharsets.UTF_8); // 'a' + 3 bytes
        assertEquals(4, OutputStreams.completeUtf8Length(euro));
        assertEquals(1, OutputStreams.completeUtf8Length(java.util.Arrays.copyOf(euro, 3)));
        assertEquals(1, OutputStreams.completeUtf8Length(java.util.Arrays.copyOf(euro, 2)));
        assertEquals(0, OutputStreams.completeUtf8Length(new byte[0]));
    }
}
