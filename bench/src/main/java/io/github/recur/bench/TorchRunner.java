package io.github.recur.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch in a child process ({@code torch_bench.py --serve}) that waits on stdin between
 * operations, so its rounds interleave with ours. The time is measured inside Python
 * ({@code time.perf_counter} around the operation), not across the pipe.
 */
final class TorchRunner implements Runner {
    private final Process process;
    private final BufferedReader in;
    private final Writer out;
    private double last;

    private TorchRunner(Process p) {
        this.process = p;
        this.in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        this.out = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts the PyTorch server, or returns null (with the reason on stderr) when it cannot run. */
    static TorchRunner start(String python, Path script, int threads) {
        try {
            List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--serve", "--threads", String.valueOf(threads)));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            TorchRunner t = new TorchRunner(pb.start());
            String hello = t.in.readLine();
            if (hello == null || !hello.startsWith("{\"ready\"")) {
                System.err.println("PyTorch server did not start: " + hello);
                t.close();
                return null;
            }
            System.err.println("PyTorch: " + hello);
            return t;
        } catch (IOException e) {
            System.err.println("PyTorch server could not start: " + e.getMessage());
            return null;
        }
    }

    private String call(String json) throws IOException {
        out.write(json);
        out.write('\n');
        out.flush();
        String reply = in.readLine();
        if (reply == null) throw new IOException("PyTorch server exited");
        if (reply.startsWith("{\"error\"")) throw new IOException("PyTorch: " + reply);
        return reply;
    }

    TorchRunner setup(Workload w) throws IOException {
        call("{\"cmd\":\"setup\",\"workload\":" + w.json() + "}");
        return this;
    }

    @Override public String framework() { return "torch"; }

    @Override public double time() throws IOException {
        String r = call("{\"cmd\":\"run\"}");
        last = number(r, "check");
        return number(r, "ms");
    }

    @Override public double check() { return last; }

    /** Peak resident set of the Python process so far, in MiB. */
    double peakMiB() throws IOException { return number(call("{\"cmd\":\"peak\"}"), "peak_mib"); }

    static double number(String json, String key) {
        int i = json.indexOf("\"" + key + "\":");
        if (i < 0) throw new IllegalStateException("no " + key + " in " + json);
        int from = i + key.length() + 3;
        while (from < json.length() && json.charAt(from) == ' ') from++;
        int to = from;
        while (to < json.length() && "-+.0123456789eEnaNIfity".indexOf(json.charAt(to)) >= 0) to++;
        return Double.parseDouble(json.substring(from, to));
    }

    @Override public void close() {
        try {
            out.write("{\"cmd\":\"quit\"}\n");
            out.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroy();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
    }
}
