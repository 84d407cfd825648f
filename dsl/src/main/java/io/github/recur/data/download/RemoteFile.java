package io.github.recur.data.download;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A published file that {@link Downloader} fetches into the cache: its file name there, where it is
 * published, its exact size in bytes, and its published checksum. SHA-256 is used wherever the
 * publisher gives one; {@link #md5} exists only for files whose publisher gives nothing stronger
 * (say so in {@code checksumSource}).
 *
 * <pre>{@code
 * RemoteFile f = RemoteFile.sha256("imdb.npz", "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb.npz",
 *         17_464_789, "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f", "Keras imdb.py");
 * }</pre>
 *
 * @param name           the file name in the cache directory (no directories)
 * @param url            where it is published (http or https)
 * @param size           its size in bytes
 * @param algorithm      {@code "SHA-256"} or {@code "MD5"}
 * @param digest         the published checksum, lower-case hex
 * @param checksumSource where the checksum was published, for error messages and documentation
 */
public record RemoteFile(String name, URI url, long size, String algorithm, String digest, String checksumSource) {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public RemoteFile {
        if (name == null || !SAFE_NAME.matcher(name).matches() || name.endsWith(".part") || name.endsWith(".lock")) {
            throw new IllegalArgumentException("RemoteFile: name '" + name + "' must be a plain file name of letters, digits, '.', '_' and '-' "
                    + "(no directories; not ending in .part or .lock, which the downloader uses itself)");
        }
        if (url == null || url.getScheme() == null || !(url.getScheme().equals("https") || url.getScheme().equals("http")) || url.getHost() == null) {
            throw new IllegalArgumentException("RemoteFile " + name + ": url '" + url + "' must be an absolute http:// or https:// address");
        }
        if (size <= 0) throw new IllegalArgumentException("RemoteFile " + name + ": size must be the file's positive size in bytes, got " + size);
        if (!"SHA-256".equals(algorithm) && !"MD5".equals(algorithm)) {
            throw new IllegalArgumentException("RemoteFile " + name + ": algorithm must be SHA-256 or MD5, got " + algorithm);
        }
        int hexLength = algorithm.equals("SHA-256") ? 64 : 32;
        if (digest == null || !digest.matches("[0-9a-fA-F]{" + hexLength + "}")) {
            throw new IllegalArgumentException("RemoteFile " + name + ": digest must be " + hexLength + " hex digits for " + algorithm + ", got '" + digest + "'");
        }
        digest = digest.toLowerCase(Locale.ROOT);
        if (checksumSource == null || checksumSource.isBlank()) checksumSource = "its publisher";
    }

    /** A file checked against a published SHA-256. */
    public static RemoteFile sha256(String name, String url, long size, String sha256, String checksumSource) {
        return new RemoteFile(name, uri(name, url), size, "SHA-256", sha256, checksumSource);
    }

    /** A file whose publisher gives only an MD5 (prefer {@link #sha256} wherever one is published). */
    public static RemoteFile md5(String name, String url, long size, String md5, String checksumSource) {
        return new RemoteFile(name, uri(name, url), size, "MD5", md5, checksumSource);
    }

    /** A copy served from another address (a mirror, or a test server), with the same size and checksum. */
    public RemoteFile at(String otherUrl) {
        if (otherUrl == null) throw new IllegalArgumentException("RemoteFile " + name + ": at(null); pass the mirror's address");
        return new RemoteFile(name, uri(name, otherUrl), size, algorithm, digest, checksumSource);
    }

    /** The size in words, e.g. "17.5 MB (17,464,789 bytes)". */
    public String sizeText() {
        return Bytes.text(size) + String.format(Locale.ROOT, " (%,d bytes)", size);
    }

    private static URI uri(String name, String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("RemoteFile " + name + ": '" + url + "' is not a valid address", e);
        }
    }
}
