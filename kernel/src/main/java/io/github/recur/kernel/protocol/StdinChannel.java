package io.github.recur.kernel.protocol;

import com.google.gson.JsonObject;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code System.in} of the kernel: when a cell reads and nothing is buffered, the front end is asked
 * for a line with an {@code input_request} (its input box), and the line it answers, plus a newline,
 * is what the cell reads ({@code new Scanner(System.in).nextLine()}, {@code BufferedReader}). Front
 * ends that allow no input (nbconvert, {@code allow_stdin: false}) get a clear error instead of a hang.
 */
final class StdinChannel extends InputStream {
    private final Wire wire;
    private final Runnable flushOutput;
    private final ZMQ.Poller poller;
    private byte[] buffer = new byte[0];
    private int pos;

    StdinChannel(Wire wire, Runnable flushOutput) {
        this.wire = wire;
        this.flushOutput = flushOutput;
        this.poller = wire.poller(wire.stdin);
    }

    @Override
    public synchronized int read() throws IOException {
        fill();
        return buffer[pos++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        fill();
        int n = Math.min(len, buffer.length - pos);
        System.arraycopy(buffer, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return buffer.length - pos;
    }

    private void fill() throws IOException {
        if (pos < buffer.length) return;
        buffer = (request() + "\n").getBytes(StandardCharsets.UTF_8);
        pos = 0;
    }

    private String request() throws IOException {
        CellContext.Request cell = CellContext.current();
        if (!cell.allowStdin()) {
            // unchecked: Scanner turns an IOException into a bare "No line found"
            throw new IllegalStateException("This front end does not accept input (its execute_request has allow_stdin false, as under "
                    + "nbconvert or a non-interactive run): give the value in the code instead of reading System.in");
        }
        flushOutput.run(); // a prompt printed with System.out.print shows before the input box
        JsonObject content = new JsonObject();
        content.addProperty("prompt", "");
        content.addProperty("password", false);
        wire.sendStdin(cell.identities(), cell.header(), "input_request", content);
        while (true) {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("input was interrupted");
            Message reply;
            synchronized (wire.stdin) {
                reply = wire.read(wire.stdin, poller, 100);
            }
            if (reply == null) continue;
            if (!reply.type().equals("input_reply")) {
                KernelLog.warn("ignored a " + reply.type() + " on the stdin channel");
                continue;
            }
            return reply.string("value", "");
        }
    }
}
