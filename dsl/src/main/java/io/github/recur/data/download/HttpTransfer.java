package io.github.recur.data.download;

import io.github.recur.data.download.AttemptFailures.Interrupted;
import io.github.recur.data.download.AttemptFailures.NotAvailable;
import io.github.recur.data.download.AttemptFailures.Retryable;
import io.github.recur.data.download.AttemptFailures.WriteFailed;
import io.github.recur.data.download.AttemptFailures.WrongFile;
import java.io.IOException;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.PasswordAuthentication;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP exchange of a download: a GET (with a Range header to resume) whose body is appended to the
 * part file, with the answer's status, Content-Range and length checked against the published file,
 * and every failure sorted into {@link AttemptFailures} for {@link Downloader}'s retry loop.
 */
final class HttpTransfer {
    private static final int BUFFER = 1 << 16;

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final PartWriter.Factory writers;

    HttpTransfer(Duration connectTimeout, Duration readTimeout, PartWriter.Factory writers) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.writers = writers;
    }

    /** One HTTP exchange appending to (or restarting) the part file. */
    void run(HttpClient client, RemoteFile file, Path part, long have, DownloadProgress progress)
            throws Retryable, WrongFile, Interrupted, WriteFailed {
        HttpRequest.Builder rb = HttpRequest.newBuilder(file.url()).timeout(readTimeout).GET()
                .header("User-Agent", "Recur (Java " + Runtime.version().feature() + ")");
        if (have > 0) rb.header("Range", "bytes=" + have + "-");
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        try {
            response = client.send(rb.build(), HttpResponse.BodyHandlers.ofPublisher());
        } catch (HttpTimeoutException e) {
            throw new Retryable("no answer within " + seconds(readTimeout) + " (" + e.getMessage() + ")", e);
        } catch (ConnectException e) {
            throw new Retryable("cannot connect to " + file.url().getHost() + " (" + describe(e) + ")", e);
        } catch (IOException e) {
            throw new Retryable(describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted(e);
        }
        var body = new BodyQueue();
        response.body().subscribe(body);
        try {
            int status = response.statusCode();
            boolean append;
            if (status == 206 && have > 0) {
                long[] range = contentRange(response);
                if (range == null || range[0] != have) {
                    Downloader.deleteQuietly(part);
                    throw new Retryable("the server resumed at another offset than the " + have + " bytes we have; starting over", null);
                }
                if (range[1] >= 0 && range[1] != file.size()) throw new WrongFile(sizeProblem(range[1], response));
                append = true;
            } else if (status == 200) {
                long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (length >= 0 && length != file.size()) throw new WrongFile(sizeProblem(length, response));
                if (have > 0) progress.message(file.name() + ": the server does not resume downloads; starting from the beginning");
                append = false;
            } else if (status == 416) {
                Downloader.deleteQuietly(part);
                throw new Retryable("the server refused to resume (416); starting over", null);
            } else if (status == 408 || status == 429 || status >= 500) {
                throw new Retryable("the server answered " + status, null, retryAfter(response));
            } else {
                throw new NotAvailable(status);
            }
            copy(body, file, part, append ? have : 0, progress);
        } finally {
            body.cancel(); // after a complete body this does nothing; otherwise it drops the connection
        }
    }

    private void copy(BodyQueue body, RemoteFile file, Path part, long start, DownloadProgress progress)
            throws Retryable, WrongFile, Interrupted, WriteFailed {
        long written = start;
        try (PartWriter out = openPart(part, start > 0)) {
            byte[] buf = new byte[BUFFER];
            progress.update(written);
            while (true) {
                List<ByteBuffer> chunk;
                try {
                    chunk = body.next(readTimeout);
                } catch (BodyQueue.Stalled e) {
                    throw new Retryable("no data for " + seconds(readTimeout) + " after " + Bytes.text(written), null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Interrupted(e);
                } catch (IOException e) {
                    throw new Retryable("the connection failed after " + Bytes.text(written) + " (" + describe(e) + ")", e);
                }
                if (chunk == null) break;
                for (ByteBuffer b : chunk) {
                    while (b.hasRemaining()) {
                        int n = Math.min(buf.length, b.remaining());
                        if (written + n > file.size()) {
                            throw new WrongFile("the server sent more than the " + file.sizeText() + " of " + file.name());
                        }
                        b.get(buf, 0, n);
                        write(out, buf, n);
                        written += n;
                    }
                }
                progress.update(written);
                if (Thread.currentThread().isInterrupted()) throw new Interrupted(null);
            }
            try {
                out.force();
            } catch (IOException e) {
                throw new WriteFailed(e);
            }
        } catch (IOException e) {
            throw new WriteFailed(e); // closing the part failed
        }
        if (written < file.size()) {
            throw new Retryable("the connection closed after " + Bytes.text(written) + " of " + Bytes.text(file.size()), null);
        }
    }

    private PartWriter openPart(Path part, boolean append) throws WriteFailed {
        try {
            return writers.open(part, append);
        } catch (IOException e) {
            throw new WriteFailed(e);
        }
    }

    private static void write(PartWriter out, byte[] buf, int n) throws WriteFailed {
        try {
            out.write(buf, 0, n);
        } catch (IOException e) {
            throw new WriteFailed(e);
        }
    }

    HttpClient client(EnvironmentProxies.Choice proxy) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1);
        if (proxy.selector() != null) b.proxy(proxy.selector());
        PasswordAuthentication credentials = proxy.credentials();
        if (credentials != null) {
            b.authenticator(new Authenticator() {
                @Override protected PasswordAuthentication getPasswordAuthentication() {
                    return getRequestorType() == RequestorType.PROXY ? credentials : null;
                }
            });
        }
        return b.build();
    }

    private static long retryAfter(HttpResponse<?> r) {
        Optional<String> v = r.headers().firstValue("Retry-After");
        if (v.isEmpty()) return 0;
        try {
            return Math.max(0, Long.parseLong(v.get().trim()));
        } catch (NumberFormatException e) {
            return 0; // an HTTP date: fall back to our own back-off
        }
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    /** {start, total} of a 206 answer, total -1 when unknown; null when the header is missing or malformed. */
    private static long[] contentRange(HttpResponse<?> r) {
        Optional<String> v = r.headers().firstValue("Content-Range");
        if (v.isEmpty()) return null;
        Matcher m = CONTENT_RANGE.matcher(v.get().trim());
        if (!m.matches()) return null;
        try {
            return new long[] {Long.parseLong(m.group(1)), m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3))};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String sizeProblem(long length, HttpResponse<?> r) {
        String type = r.headers().firstValue("Content-Type").orElse("an unknown type");
        return "the server offers " + length + " bytes of " + type + " instead of the expected file"
                + (type.startsWith("text/html") ? " (a login page of a proxy or captive portal?)" : "");
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
